import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Validators for the official Sigma and CACAO 2.0 schemas, from the copies in test/fixtures/schemas (see the
 * SOURCE.md there for provenance and licence). Test support only: the CACAO copies may not ship.
 */
const root = fileURLToPath(new URL('../../../test/fixtures/schemas/', import.meta.url));
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: object) => void;
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

export interface SigmaValidators {
  rule: ValidateFunction;
  correlation: ValidateFunction;
}

export function sigmaValidators(): SigmaValidators {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const load = (name: string) => readJson(join(root, 'sigma', name));
  return { rule: ajv.compile(load('sigma-detection-rule-schema.json')), correlation: ajv.compile(load('sigma-correlation-rules-schema.json')) };
}

const BASE = 'https://cacao-schemas.invalid/';

/**
 * The published CACAO schemas' `$id`s and relative `$ref`s disagree (a ref from data-types/ resolves to
 * data-types/data-types/…), so each schema is keyed by its path in the folder and each file ref is resolved
 * against the referring file's folder, else matched by the path it names (the schemas README's "by file name";
 * two files share a name, http-api.json, so the folder decides where it can). They declare draft-07 but use
 * `unevaluatedProperties`, which only 2019-09 and later evaluate: Ajv 2019 mode.
 */
export function cacaoValidator(): ValidateFunction {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  const dir = join(root, 'cacao-2.0');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).map((f) => f.split('\\').join('/'));
  for (const file of files) {
    const schema = rekey(readJson(join(dir, file)), (ref) => resolveRef(files, file, ref)) as Record<string, unknown>;
    delete schema.$schema;
    schema.$id = BASE + file;
    ajv.addSchema(schema);
  }
  const validate = ajv.getSchema(`${BASE}playbook.json`);
  if (!validate) throw new Error('CACAO playbook schema missing from test fixtures');
  return validate;
}

function resolveRef(files: readonly string[], from: string, ref: string): string {
  const relative = posix.normalize(posix.join(posix.dirname(from), ref));
  if (files.includes(relative)) return relative;
  const named = posix.normalize(ref).replace(/^(\.\.\/)+/, '');
  const match = files.find((f) => f === named || f.endsWith(`/${named}`)) ?? files.find((f) => posix.basename(f) === posix.basename(named));
  if (!match) throw new Error(`CACAO schema ${from} refers to ${ref}, which is not in the fixtures`);
  return match;
}

function rekey(node: unknown, resolve: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => rekey(n, resolve));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
      const [path = '', fragment] = value.split('#');
      out[key] = BASE + resolve(path) + (fragment !== undefined ? `#${fragment}` : '');
    } else if (key !== '$id') out[key] = rekey(value, resolve);
  }
  return out;
}
