import { z } from 'zod';

/** Families of metadata routes the check knows; each is a handful of GET requests. */
export const RouteFamily = z.enum(['kserve-v2', 'torchserve', 'mlflow']);
export type RouteFamily = z.infer<typeof RouteFamily>;

export const Params = z.strictObject({
  authentication: z
    .enum(['inventory', 'required', 'optional'])
    .default('inventory')
    .describe('When answering without credentials fails: as the inventory says (it declares authentication, or the endpoint is public), always, or never'),
  malformedInput: z.boolean().default(true).describe('POST malformed and wrongly shaped JSON to the endpoint and look for stack traces and versions in the answer'),
  routes: z.array(RouteFamily).default(['kserve-v2', 'torchserve', 'mlflow']).describe('Metadata route families to probe on the endpoint origin (GET only)'),
  maxRequests: z.number().int().min(1).max(100).default(30).describe('Most requests one endpoint may receive'),
});
export type Params = z.output<typeof Params>;

export const FindingKind = z.enum(['unauthenticated-access', 'stack-trace', 'framework-leak', 'version-leak', 'metadata-route', 'health-route']);
export type FindingKind = z.infer<typeof FindingKind>;

const Request = z.object({ method: z.string(), url: z.string(), status: z.number().int().optional() });

export const Finding = z.object({
  kind: FindingKind,
  /** A failing finding is what an adversary gained; others are facts worth knowing (an open health route). */
  failing: z.boolean(),
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
  techniques: z.array(z.string()),
  message: z.string(),
  request: Request,
});
export type Finding = z.infer<typeof Finding>;

export const Details = z.object({
  endpoint: z.string(),
  /** What the inventory asks of the endpoint, and what it did without credentials. */
  authentication: z.object({
    expected: z.enum(['required', 'optional']),
    observed: z.enum(['demanded', 'answered', 'unclear']),
  }),
  requests: z.number().int().min(0),
  /** Requests that got no answer (refused connection, timeout). */
  unanswered: z.number().int().min(0),
  findings: z.array(Finding),
});
export type Details = z.infer<typeof Details>;
