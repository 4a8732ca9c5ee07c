import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { inventoryJsonSchema } from './json-schema.ts';

const shipped = JSON.parse(readFileSync(new URL('../../schemas/inventory.schema.json', import.meta.url), 'utf8')) as object;

describe('the shipped inventory JSON Schema', () => {
  it('is the one generated from the zod schema (run `npm run schemas` after changing it)', () => {
    expect(shipped).toEqual(inventoryJsonSchema());
  });

  it('accepts the example organisation and rejects a wrong kind of asset', () => {
    const validate = new Ajv2020({ strict: false }).compile(shipped);
    const example = parse(readFileSync(new URL('../../examples/acme-bank/inventory.yaml', import.meta.url), 'utf8')) as object;
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ assets: [{ id: 'x', name: 'x', element: 'model', kind: 'banana' }] })).toBe(false);
  });
});
