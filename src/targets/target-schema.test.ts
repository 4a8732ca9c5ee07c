import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { targetJsonSchema } from './presets.ts';
import { TargetFile } from './target-file.ts';
import { FILES } from './test-support/shape-files.ts';

const shipped = JSON.parse(readFileSync(new URL('../../schemas/target.schema.json', import.meta.url), 'utf8')) as object;

describe('the shipped target-file JSON Schema', () => {
  it('is the one generated from the zod schema (run `npm run schemas` after changing it)', () => {
    expect(shipped).toEqual(targetJsonSchema(TargetFile));
  });

  it.each(FILES)('accepts the %s target file (%s)', (_shape, _what, yaml) => {
    const validate = new Ajv2020({ strict: false }).compile(shipped);
    const file = parse(yaml.replaceAll('{URL}', 'http://127.0.0.1:8840')) as object;
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...file, preset: 'seldon', kind: 'grpc' })).toBe(false);
  });
});
