import { z } from 'zod';
import { idPatterns } from '../atlas/ids.ts';
import { AssetKind, Attribute, Element, Exposure } from '../inventory/vocabulary.ts';

/**
 * The access an adversary needs to use a technique. Exposure and authentication of the asset decide how
 * reachable that access is (see assess/risk).
 */
export const Access = z.enum([
  'public-info', // reads what the organisation publishes (papers, docs, repos, metadata)
  'inference-api', // sends queries to the model
  'user-content', // supplies content the system consumes directly: prompts, uploads, conversation
  'retrieved-content', // plants content the system retrieves later: RAG corpus, web pages, e-mails, tool results
  'training-data', // gets data into what the organisation trains on: contributions, external sources
  'supply-chain', // ships a model, data set, package or container the organisation pulls in
  'internal', // needs a foothold inside: credentials, network, a compromised host
  'physical', // acts in the physical world the model senses
  'model-copy', // works on a copy of the model's weights it holds (published, or pulled off a device), offline
  'adversary-only', // the adversary's own preparation; nothing of ours is touched
]);
export type Access = z.infer<typeof Access>;

export const Harm = z.enum(['integrity', 'confidentiality', 'availability', 'safety', 'financial', 'reputation']);
export type Harm = z.infer<typeof Harm>;

/** An asset matches a rule when its element matches and every stated condition holds. */
export const ApplicabilityRule = z.strictObject({
  element: Element,
  kinds: z.array(AssetKind).optional(),
  /** Every attribute listed must be true for the asset. */
  requires: z.array(Attribute).optional(),
  /** At least one attribute listed must be true for the asset. */
  requiresAny: z.array(Attribute).optional(),
  /** No attribute listed may be true: artifact attacks need the weights a vendor-hosted model keeps to itself. */
  excludes: z.array(Attribute).optional(),
  exposure: z.array(Exposure).optional(),
});
export type ApplicabilityRule = z.infer<typeof ApplicabilityRule>;

export const ApplicabilityEntry = z.strictObject({
  technique: z.string().regex(idPatterns.technique),
  /** Empty: the technique is the adversary's own preparation and is not assessed per asset. */
  appliesTo: z.array(ApplicabilityRule),
  access: Access,
  /**
   * An adversary who holds the model's weights does this on a copy, offline, instead of through `access` (membership
   * inference, inversion, crafting and verifying adversarial inputs): where the weights are out, the route is
   * `model-copy` (see assess/routes.ts).
   */
  onCopy: z.boolean().optional(),
  harm: z.array(Harm).min(1),
  rationale: z.string().min(1),
});
export type ApplicabilityEntry = z.infer<typeof ApplicabilityEntry>;

export const ApplicabilityData = z.strictObject({
  /** The ATLAS release the entries were reviewed against. */
  atlasVersion: z.string(),
  entries: z.array(ApplicabilityEntry),
});
export type ApplicabilityData = z.infer<typeof ApplicabilityData>;
