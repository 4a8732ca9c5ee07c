import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { Ajv as AjvDraft07 } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** Validators for the official (or faithfully transcribed) schemas kept under test/fixtures/schemas. */
const root = new URL('../../test/fixtures/schemas/', import.meta.url);
const load = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as Record<string, unknown>;

// ajv-formats is CommonJS; under Node's ESM loader its default export may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: object) => void;

/**
 * The SARIF schema uses Java-style `(?i)` in two patterns, which JavaScript does not accept; this engine
 * turns it into the `i` flag so the schema file stays verbatim.
 */
const regExp = Object.assign((pattern: string, flags: string) => (pattern.includes('(?i)') ? new RegExp(pattern.replace('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags)), { code: 'regExp' });

function ajv2020(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, code: { regExp } });
  addFormats(ajv);
  return ajv;
}

export function sarifValidator(): ValidateFunction {
  const schema = load('sarif/sarif-schema-2.1.0.json');
  // Known defect of the published schema: region's `anyOf` sits inside `properties`, where it is not a
  // schema. Moved to where it was meant to be (a region needs startLine, charOffset or byteOffset).
  const region = (schema.definitions as Record<string, { properties: Record<string, unknown>; anyOf?: unknown }>).region;
  if (region && 'anyOf' in region.properties) {
    region.anyOf = region.properties.anyOf;
    delete region.properties.anyOf;
  }
  return ajv2020().compile(schema);
}

export function hdfValidator(): ValidateFunction {
  const ajv = new AjvDraft07({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(load('hdf/exec-json.json'));
}

export function navigatorValidator(): ValidateFunction {
  return ajv2020().compile(load('navigator/layer-4.5.schema.json'));
}

export function ocsfValidator(): ValidateFunction {
  return ajv2020().compile(load('ocsf/compliance-finding-1.5.0.schema.json'));
}

/** OCSF Detection Finding (2004), for `rampart monitor --format ocsf`. */
export function ocsfDetectionValidator(): ValidateFunction {
  return ajv2020().compile(load('ocsf/detection-finding-1.5.0.schema.json'));
}
