import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { chatTargetJsonSchema } from './chat-target-file.ts';

const shipped = JSON.parse(readFileSync(new URL('../../schemas/chat-target.schema.json', import.meta.url), 'utf8')) as object;

describe('the shipped chat target JSON Schema', () => {
  it('is the one generated from the zod schema (run `npm run schemas` after changing it)', () => {
    expect(shipped).toEqual(chatTargetJsonSchema());
  });

  it.each(['weak', 'filtered', 'hardened'])('accepts the lab target file (%s) and rejects an unknown kind', (config) => {
    const validate = new Ajv2020({ strict: false }).compile(shipped);
    const example = parse(readFileSync(new URL(`../../examples/llm-lab/targets/chat-${config}.yaml`, import.meta.url), 'utf8')) as object;
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example, kind: 'grpc' })).toBe(false);
  });
});
