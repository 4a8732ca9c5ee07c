import { z } from 'zod';
import type { Vector } from '../ml/vector.ts';

/**
 * The inputs a reviewer supplies, as check parameters: rows of numbers, optional labels, and for membership
 * inference whether each row was in the training set. The CLI reads them from `--inputs` (JSON or CSV).
 */
export const InputSet = z
  .strictObject({
    inputs: z.array(z.array(z.number()).min(1)).min(1),
    labels: z.array(z.number().int().min(0)).optional(),
    members: z.array(z.boolean()).optional(),
  })
  .superRefine((set, ctx) => {
    const width = set.inputs[0]?.length ?? 0;
    set.inputs.forEach((row, i) => {
      if (row.length !== width) ctx.addIssue({ code: 'custom', path: ['inputs', i], message: `has ${row.length} values; the first input has ${width}` });
    });
    for (const key of ['labels', 'members'] as const) {
      const list = set[key];
      if (list && list.length !== set.inputs.length) ctx.addIssue({ code: 'custom', path: [key], message: `has ${list.length} entries for ${set.inputs.length} inputs` });
    }
  });
export type InputSet = z.output<typeof InputSet>;

export function vectors(set: Pick<InputSet, 'inputs'>): Vector[] {
  return set.inputs.map((row) => Float64Array.from(row));
}
