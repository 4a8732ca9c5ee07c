import { z } from 'zod';
import { idPatterns } from '../../atlas/ids.ts';
import { Element } from '../../inventory/vocabulary.ts';
import { readSourceFile, type SourceFile } from '../../util/yaml-source.ts';
import { parseWith } from '../../util/zod-input.ts';
import { ROLE_PATTERN } from '../signoff.ts';

const Percent = z.number().min(0, 'a floor is a percentage from 0 to 100').max(100, 'a floor is a percentage from 0 to 100');

/**
 * A gate policy (YAML or JSON). Every rule is optional; an empty file passes everything. Waived findings (waivers
 * in force today) never fail a rule about findings; expired waivers do not count.
 */
export const Policy = z
  .strictObject({
    /** Fail on an unwaived finding whose risk score (0–25) is above this. */
    maxRiskScore: z.number().min(0).max(25).optional(),
    /** Fail on an unwaived finding at this risk level or higher. */
    failOnLevel: z.enum(['critical', 'high', 'medium', 'low']).optional(),
    /** Fail on an unwaived finding whose technique a check exploited. */
    noExploited: z.boolean().default(false),
    /** Fail when the share of applicable techniques prevented or detected (percent) is below a floor. */
    coverageFloor: z
      .strictObject({
        /** Floor for every tactic not named below. */
        tactics: z
          .record(z.string(), Percent)
          // Checked here rather than as the record's key schema, whose failure zod reports without the key's message.
          .superRefine((floors, ctx) => {
            for (const key of Object.keys(floors)) if (!idPatterns.tactic.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}": tactic ids look like AML.TA0004` });
          })
          .default({}),
        elements: z.partialRecord(Element, Percent).default({}),
        /** Floor for every tactic the review touches, unless `tactics` names it. */
        anyTactic: Percent.optional(),
        organisation: Percent.optional(),
      })
      .optional(),
    /** Fail when an unwaived finding regressed (coverage worse or risk up a level) against the previous stored review. */
    noRegression: z.boolean().default(false),
    /** Fail unless the review is signed off in each of these roles. */
    requireSignoff: z.array(z.string().regex(ROLE_PATTERN, 'roles are lower-case words such as security or data-science')).default([]),
  })
  .describe('rampart gate policy');

export type Policy = z.output<typeof Policy>;

/**
 * Used when `rampart gate` has no --policy: no unwaived critical finding, nothing exploited, no regression against
 * the previous stored review. Coverage floors and sign-off are organisation choices, so they are off by default.
 */
export const DEFAULT_POLICY: Policy = Policy.parse({ failOnLevel: 'critical', noExploited: true, noRegression: true });

export async function loadPolicy(file: string): Promise<Policy> {
  return parsePolicy(await readSourceFile(file, 'the gate policy'));
}

export function parsePolicy(source: SourceFile): Policy {
  const data = source.data ?? {};
  return parseWith(Policy, { ...source, data }, 'the gate policy', 'see "Gate policy" in src/store/README.md for the rules and their values');
}
