import type { z } from 'zod';

/** What the walk reads of a zod schema's definition (zod 4's `_zod.def`). */
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  innerType?: Schema;
  in?: Schema;
  options?: Schema[];
  keyType?: Schema & { options?: readonly unknown[] };
}
type Schema = { _zod: { def: Def } };

/**
 * The keys an object (or a record with enumerated keys) accepts at `path` inside `schema`, for a message about an
 * unknown key: `relations` takes trainedOn, servedBy, …. Undefined when the walk cannot tell.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let at: Schema | undefined = schema as unknown as Schema;
  for (const step of path) at = at && child(unwrap(at), step);
  const node = at && unwrap(at);
  if (!node) return undefined;
  const def = node._zod.def;
  if (def.shape) return Object.keys(def.shape);
  if (def.type === 'record' && def.keyType?.options) return def.keyType.options.map(String);
  // A union whose one object option took the value (a claim's scope: `all`, a list, or a selector).
  const shaped = def.options?.map(unwrap).find((o) => o._zod.def.shape);
  return shaped?._zod.def.shape ? Object.keys(shaped._zod.def.shape) : undefined;
}

function unwrap(schema: Schema): Schema {
  let s = schema;
  for (let def = s._zod.def; def.innerType || (def.type === 'pipe' && def.in); def = s._zod.def) s = (def.innerType ?? def.in) as Schema;
  return s;
}

function child(schema: Schema, step: PropertyKey): Schema | undefined {
  const def = schema._zod.def;
  if (def.type === 'array' && typeof step === 'number') return def.element;
  if (def.shape && typeof step === 'string') return def.shape[step];
  // A union: the first option that has this step (inventory unions differ in shape, e.g. a string or an object).
  if (def.options) for (const option of def.options) {
    const found = child(unwrap(option), step);
    if (found) return found;
  }
  return undefined;
}
