import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadAtlas } from '../atlas/load.ts';
import { CATALOGUE_PATH, paramsTable, renderCatalogue } from './catalogue.ts';
import { defineCheck } from './contract.ts';
import { checks } from './registry.ts';

describe('docs/checks.md', () => {
  it('equals the catalogue generated from the declarations (run `npm run catalogue` to refresh it)', async () => {
    const written = await readFile(new URL(`../../${CATALOGUE_PATH}`, import.meta.url), 'utf8').catch(() => '(missing)');
    expect(written).toBe(renderCatalogue(checks, await loadAtlas()));
  });
});

describe('paramsTable', () => {
  it.each([
    { name: 'no params', schema: z.object({}), rows: ['None.'] },
    { name: 'enum with default', schema: z.object({ mode: z.enum(['a', 'b']).default('a').describe('how') }), rows: ['| `mode` | "a" \\| "b" | `"a"` | how |'] },
    { name: 'required number with a range', schema: z.object({ n: z.number().int().min(1).max(9) }), rows: ['| `n` | integer (1–9) | required | |'] },
    { name: 'optional positive number', schema: z.object({ t: z.number().positive().optional() }), rows: ['| `t` | number (> 0) | — | |'] },
    { name: 'integer without bounds of its own', schema: z.object({ k: z.number().int().min(10).default(10) }), rows: ['| `k` | integer (≥ 10) | `10` | |'] },
    { name: 'array of strings', schema: z.object({ tags: z.array(z.string()).default([]) }), rows: ['| `tags` | string[] | `[]` | |'] },
  ])('$name', ({ schema, rows }) => {
    expect(paramsTable(schema).slice(-rows.length).map((r) => r.replace(/\s+\|$/, ' |'))).toEqual(rows);
  });
});

describe('renderCatalogue', () => {
  it('lists checks under every technique they declare, with the technique name from ATLAS', async () => {
    const check = defineCheck({
      id: 'demo/one',
      title: 'Demo',
      summary: 'A demo.',
      techniques: ['AML.T0040', 'AML.T0014'],
      targetKind: 'inference-endpoint',
      impact: { sendsTraffic: true, intrusive: true, cost: 'low' },
      params: z.object({}),
      evidence: z.object({}),
      examples: [{ title: 'Plain', params: {} }],
      run: async () => ({ outcome: 'pass', severity: 'info', summary: '', details: {} }),
    });
    const text = renderCatalogue([check], await loadAtlas());
    expect(text).toContain('| AML.T0014 | Discover AI Model Family | [demo/one](#demoone) |');
    expect(text).toContain('| AML.T0040 | AI Model Inference API Access | [demo/one](#demoone) |');
    expect(text).toContain('- Impact: sends traffic: yes · intrusive: yes · cost: low');
    expect(text).toContain('Plain:\n\n```json\n{}\n```');
  });
});
