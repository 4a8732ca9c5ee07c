import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sarifReport } from './sarif.ts';
import { scanBytes } from './scan-file.ts';
import { dumps, py } from './test-support/pickle-writer.ts';
import { torchZip } from './test-support/shapes.ts';

/**
 * The official SARIF 2.1.0 JSON schema cannot be fetched here (no network), so this zod schema encodes
 * the parts of it our output relies on — required properties, enums and types of sarifLog, run, tool,
 * reportingDescriptor, result, location, physicalLocation, artifactLocation and region.
 */
const message = z.object({ text: z.string().min(1) }).strict();
const region = z.object({ byteOffset: z.number().int().min(0), byteLength: z.number().int().min(0) }).strict();
const artifactLocation = z.object({ uri: z.string().min(1), index: z.number().int().min(0).optional() }).strict();
const result = z.object({
  ruleId: z.string(),
  ruleIndex: z.number().int().min(0),
  level: z.enum(['none', 'note', 'warning', 'error']),
  message,
  locations: z.array(z.object({ physicalLocation: z.object({ artifactLocation, region: region.optional() }).strict() }).strict()).min(1),
  partialFingerprints: z.record(z.string(), z.string()),
  properties: z.record(z.string(), z.unknown()),
}).strict();
const rule = z.object({
  id: z.string(), name: z.string(), shortDescription: message, fullDescription: message, help: message,
  defaultConfiguration: z.object({ level: z.enum(['none', 'note', 'warning', 'error']) }).strict(),
  properties: z.object({ tags: z.array(z.string()), 'security-severity': z.string().regex(/^\d+(\.\d+)?$/) }).strict(),
}).strict();
const sarif = z.object({
  $schema: z.string().url(),
  version: z.literal('2.1.0'),
  runs: z.array(z.object({
    tool: z.object({ driver: z.object({ name: z.string(), informationUri: z.string().url(), version: z.string(), rules: z.array(rule) }).strict() }).strict(),
    invocations: z.array(z.object({ executionSuccessful: z.boolean() }).strict()),
    artifacts: z.array(z.object({ location: artifactLocation, length: z.number().int().min(-1), properties: z.record(z.string(), z.unknown()) }).strict()),
    results: z.array(result),
  }).strict()).length(1),
}).strict();

describe('SARIF 2.1.0 output', () => {
  it('is structurally valid and maps levels and member URIs', async () => {
    const evil = torchZip(dumps(py.reduce(py.global('os', 'system'), py.tuple('id')), 2), []);
    const reports = [
      await scanBytes(evil, 'models/my model.pt'),
      await scanBytes(dumps(py.reduce(py.global('__main__', 'Net'), py.tuple()), 4), 'custom.pkl'),
      await scanBytes(dumps(py.dict({ a: 1 }), 4), 'ok.pkl'),
    ];
    const log = sarif.parse(sarifReport(reports));
    const results = log.runs[0]!.results;
    const rules = log.runs[0]!.tool.driver.rules;
    const dangerous = results.find((r) => r.ruleId === 'pickle/dangerous-call')!;
    expect(dangerous.level).toBe('error');
    expect(dangerous.locations[0]!.physicalLocation.artifactLocation.uri).toBe('models/my%20model.pt!/archive/data.pkl');
    expect(dangerous.locations[0]!.physicalLocation.region?.byteOffset).toBe(27);
    expect(results.find((r) => r.ruleId === 'pickle/unknown-global')!.level).toBe('warning');
    expect(rules[dangerous.ruleIndex]!.id).toBe('pickle/dangerous-call');
    expect(rules[dangerous.ruleIndex]!.properties.tags).toContain('CWE-502');
    expect(log.runs[0]!.artifacts.map((a) => a.properties.verdict)).toEqual(['dangerous', 'suspicious', 'clean']);
  });

  it('informational findings are notes', async () => {
    const stacked = Buffer.concat([dumps(1, 4), dumps(2, 4)]);
    const log = sarif.parse(sarifReport([await scanBytes(stacked, 'two.pkl')]));
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.level])).toEqual([['pickle/stacked-streams', 'note']]);
  });
});
