import { z } from 'zod';
import { idPatterns } from '../atlas/ids.ts';
import { isCalendarDay } from '../util/calendar-day.ts';
import { Access } from '../assess/applicability-schema.ts';
import { AssetKind, Attribute, Element, Relation } from '../inventory/vocabulary.ts';

export const ControlId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'control ids are kebab-case, e.g. model-api-authentication');
export const ControlType = z.enum(['preventive', 'detective', 'corrective']);
export type ControlType = z.infer<typeof ControlType>;
/** How a control acts on one technique; by default what its type says (preventive → prevents, …). */
export const ControlEffect = z.enum(['prevents', 'detects', 'corrects']);
export type ControlEffect = z.infer<typeof ControlEffect>;

/** A control of the library shipped in data/controls.yaml: what it is, what it implements, how to verify it. */
export const Control = z.strictObject({
  id: ControlId,
  title: z.string().min(1),
  type: ControlType,
  description: z.string().min(1),
  /** ATLAS mitigations this control implements. */
  mitigations: z.array(z.string().regex(idPatterns.mitigation)).min(1),
  /**
   * ATLAS techniques this control prevents, detects or corrects. Exactly these: a parent id does not cover
   * its sub-techniques (white-box evasion is not slowed by a rate limit that slows black-box search).
   */
  techniques: z.array(z.string().regex(idPatterns.technique)).min(1),
  /**
   * Techniques ATLAS maps no mitigation to (many come from ATT&CK: valid accounts, unsecured credentials,
   * RAG poisoning, …) that this control also covers, each with the reason. Without these such techniques
   * could never be anything but blind spots.
   */
  beyondAtlas: z.array(z.strictObject({ technique: z.string().regex(idPatterns.technique), reason: z.string().min(1) })).default([]),
  /** Techniques on which the control acts otherwise than its type says, e.g. a preventive gateway that only detects one. */
  effects: z.record(z.string().regex(idPatterns.technique), ControlEffect).default({}),
  /**
   * The access paths the control blocks (see assess/applicability-schema `Access`); absent: every path. API
   * authentication blocks queries and prompts, never content that arrives through retrieval or training data.
   */
  paths: z.array(Access).optional(),
  /**
   * Relations across which a claim protects the related asset: `storedIn` on registry access control means a
   * model stored in a registry that holds the claim is covered too.
   */
  carriesVia: z.array(Relation).default([]),
  /**
   * Relations an asset of an element must have for the control to apply to it: registry access control acts on a
   * model only through the registry it is `storedIn` (a SaaS model has none, and proposing it there means nothing).
   */
  requires: z.partialRecord(Element, z.array(Relation).min(1)).default({}),
  /**
   * Attributes of an asset the control cannot act on: a vendor-hosted model has no file of ours to sign, scan or load
   * safely, so file controls are neither credited nor proposed there.
   */
  excludes: z.array(Attribute).default([]),
  /** Awareness and policy controls: they stop part of the attempts, so the plan weighs them at half. */
  procedural: z.boolean().default(false),
  /**
   * Technical controls that by design stop only part of the attempts — instructions to a model, which a crafted
   * prompt or document can talk it out of: the plan weighs them at half too, so a control that does not depend on
   * the model obeying comes first.
   */
  partial: z.boolean().default(false),
  /** Where the control is applied. */
  elements: z.array(Element).min(1),
  kinds: z.array(AssetKind).optional(),
  /** What a reviewer asks to verify the control. */
  questions: z.array(z.string().min(1)).min(1),
  /** What proves the control is in place. */
  evidence: z.array(z.string().min(1)).min(1),
});
export type Control = z.output<typeof Control>;

export const ControlLibrary = z.strictObject({ controls: z.array(Control).min(1) });

export const ClaimStatus = z.enum(['implemented', 'partial', 'planned']);
export type ClaimStatus = z.infer<typeof ClaimStatus>;

const IsoDate = z.union([
  z.date().transform((d) => d.toISOString().slice(0, 10)),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine(isCalendarDay, { error: (issue) => `${String(issue.input)} is not a day of the calendar (YYYY-MM-DD)` }),
]);

const Evidence = z.union(
  [z.string().min(1).transform((description) => ({ description, url: undefined })), z.object({ description: z.string().min(1), url: z.string().optional() })],
  {
    // `[Okta policy: MFA for admins]` is a mapping to YAML, not the text it looks like: say how to write it.
    error: (issue) =>
      typeof issue.input === 'object' && issue.input !== null && !('description' in issue.input)
        ? `evidence is a text or { description, url }; this entry reads as a mapping (${Object.keys(issue.input).map((k) => `"${k}"`).join(', ')}) because of ": " in it — put the text in quotes`
        : 'evidence is a text or { description, url }',
  },
);

/** Which assets a claim covers: `all`, a list of asset ids, or a selector. */
export const ClaimScope = z.union([
  z.literal('all'),
  z.array(z.string().min(1)).min(1),
  z.strictObject({ assets: z.array(z.string()).optional(), elements: z.array(Element).optional(), kinds: z.array(AssetKind).optional(), tags: z.array(z.string()).optional() }),
]);
export type ClaimScope = z.infer<typeof ClaimScope>;

/** An entry of the organisation's control register: a control it claims, where, and what proves it. */
export const ControlClaim = z.strictObject({
  control: ControlId,
  status: ClaimStatus,
  scope: ClaimScope.default('all'),
  owner: z.string().optional(),
  since: IsoDate.optional(),
  lastVerified: IsoDate.optional(),
  evidence: z.array(Evidence).default([]),
  notes: z.string().optional(),
});
export type ControlClaim = z.output<typeof ControlClaim>;
