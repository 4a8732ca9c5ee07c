import { z } from 'zod';
import type { Vector } from '../ml/vector.ts';

/**
 * What a valid input looks like, so adversarial inputs stay realistic: bounds per feature (or one for all),
 * integer features, and categorical features with their allowed values (for tabular data).
 */
export const FeatureConstraints = z.strictObject({
  min: z.union([z.number(), z.array(z.number())]).default(0),
  max: z.union([z.number(), z.array(z.number())]).default(1),
  /** Indices of features that must be whole numbers. */
  integer: z.array(z.number().int().min(0)).default([]),
  /** Categorical features: index and the values it may take (e.g. one-hot columns use [0, 1]). */
  categorical: z.array(z.strictObject({ index: z.number().int().min(0), values: z.array(z.number()).min(1) })).default([]),
});
export type FeatureConstraints = z.output<typeof FeatureConstraints>;

export interface Projection {
  lower: Float64Array;
  upper: Float64Array;
  /** Only bounds apply (no integer or categorical features): clipping is the whole projection. */
  boundsOnly: boolean;
  /** Projects onto valid inputs (clip, round, snap); identity-fast when only bounds apply. */
  project(x: Vector): Vector;
}

export function projection(constraints: FeatureConstraints, features: number): Projection {
  const lower = expand(constraints.min, features);
  const upper = expand(constraints.max, features);
  const integer = constraints.integer.filter((i) => i < features);
  const categorical = constraints.categorical.filter((c) => c.index < features);
  return {
    lower,
    upper,
    boundsOnly: integer.length === 0 && categorical.length === 0,
    project(x) {
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = Math.min(upper[i] as number, Math.max(lower[i] as number, x[i] as number));
      for (const i of integer) out[i] = Math.min(Math.floor(upper[i] as number), Math.max(Math.ceil(lower[i] as number), Math.round(out[i] as number)));
      for (const { index, values } of categorical) {
        const v = out[index] as number;
        out[index] = values.reduce((best, c) => (Math.abs(c - v) < Math.abs(best - v) ? c : best), values[0] as number);
      }
      return out;
    },
  };
}

function expand(bound: number | number[], features: number): Float64Array {
  if (typeof bound === 'number') return new Float64Array(features).fill(bound);
  if (bound.length !== features) throw new Error(`a bound list has ${bound.length} values for ${features} features`);
  return Float64Array.from(bound);
}
