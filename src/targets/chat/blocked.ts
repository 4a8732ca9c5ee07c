import { z } from 'zod';
import { getPath } from '../json-path.ts';

/**
 * How an app says "no" other than in words: a guardrail that answers HTTP 400 with a policy code (as hosted
 * content filters do), or a JSON error object with HTTP 200. Declared in the target file (`blocked:`); such an
 * answer is a refusal by the app, not a failure of the target and not a reply to judge for success.
 */
export const BlockedRule = z.strictObject({
  /** The HTTP status of the answer; any status when omitted. */
  status: z.number().int().min(200).max(599).optional(),
  /** Where the answer's JSON says it was blocked, e.g. `error.code`. */
  path: z.string().min(1),
  /** The values at `path` that mean "blocked"; any value present there when omitted. */
  equals: z.union([z.string(), z.number(), z.boolean()]).or(z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)).optional(),
});
export type BlockedRule = z.output<typeof BlockedRule>;

/** The app blocked the request by its policy; the guard turns this into a refusing reply. */
export class BlockedByApp extends Error {
  constructor(
    /** What the answer said, e.g. `HTTP 400, error.code = "content_policy_violation"`. */
    readonly evidence: string,
    readonly status: number,
  ) {
    super(`blocked by the app: ${evidence}`);
  }
}

/** The first rule an answer matches, as evidence; undefined when it matches none. */
export function blockedBy(rules: readonly BlockedRule[] | undefined, status: number, json: unknown): string | undefined {
  for (const rule of rules ?? []) {
    if (rule.status !== undefined && rule.status !== status) continue;
    const value = getPath(json, rule.path);
    if (value === undefined || value === null) continue;
    const wanted = rule.equals === undefined ? undefined : Array.isArray(rule.equals) ? rule.equals : [rule.equals];
    if (wanted !== undefined && !wanted.some((w) => w === value || String(w) === String(value))) continue;
    return `HTTP ${status}, ${rule.path} = ${JSON.stringify(value).slice(0, 80)}`;
  }
  return undefined;
}
