import type { Command } from 'commander';

/**
 * Every verb, named and described here so `rampart --help` can list them without loading any of them: a verb's
 * module (and what it pulls in — the store, the scanner, onnxruntime) is imported only when that verb runs.
 * A new verb is one line here; a test keeps each description equal to the one its module registers.
 */
export interface Verb {
  name: string;
  description: string;
  load: () => Promise<(program: Command) => void>;
  /**
   * Work to start before commander and the verb's module load (bin.ts), from the command line's words after the verb;
   * what it returns is run once the command has (see early-store.ts).
   */
  prepare?: (argv: readonly string[]) => Promise<() => Promise<void>>;
}

export const VERBS: readonly Verb[] = [
  { name: 'atlas', description: 'look up and compare MITRE ATLAS releases', load: async () => (await import('./atlas.ts')).registerAtlas },
  { name: 'controls', description: 'browse the control library', load: async () => (await import('./controls.ts')).registerControls },
  {
    name: 'review',
    description: 'review an inventory against MITRE ATLAS: gap analysis, risk, plan; stores the review and writes JSON, Markdown and HTML reports',
    load: async () => (await import('./review.ts')).registerReview,
    prepare: async (argv) => (await import('./early-store.ts')).warmStoreFor(argv),
  },
  { name: 'reviews', description: "list an organisation's stored reviews, newest first", load: async () => (await import('./reviews.ts')).registerReviews },
  {
    name: 'waive',
    description: 'accept the risk of a finding (assetId/techniqueId) with justification, approver and expiry; --list shows waivers',
    load: async () => (await import('./waive.ts')).registerWaive,
  },
  {
    name: 'signoff',
    description: 'sign a stored review off in a named role (e.g. security, data-science); each role signs once',
    load: async () => (await import('./signoff.ts')).registerSignoff,
  },
  {
    name: 'gate',
    description: 'check a stored review against a policy for CI: exit 0 passes, 1 violates the policy, 2 usage or input error',
    load: async () => (await import('./gate.ts')).registerGate,
  },
  {
    name: 'report',
    description: 'render a stored review (default: the latest) as markdown, html, json, jsonl, navigator, sarif, junit, ocsf, hdf',
    load: async () => (await import('./report.ts')).registerReport,
  },
  {
    name: 'detections',
    description: 'write Sigma rules and CACAO 2.0 playbooks for the detective gaps of a review (default: the latest stored)',
    load: async () => (await import('./detections.ts')).registerDetections,
  },
  { name: 'scan', description: 'scan model files and folders for unsafe deserialisation and tampering (never loads them)', load: async () => (await import('./scan.ts')).registerScan },
  {
    name: 'attack',
    description: 'Red-team a prediction API within a query budget (evasion, extraction, membership inference, exposure) or an LLM application (llm)',
    load: async () => (await import('./attack.ts')).registerAttack,
  },
  {
    name: 'monitor',
    description: 'watch inference logs (JSON Lines files, stdin, or followed files) for attacks: extraction, evasion search, membership probing, floods, prompt attacks, leaks',
    load: async () => (await import('./monitor.ts')).registerMonitor,
  },
  {
    name: 'data',
    description: 'datasets: scan for poisoned, mislabelled, duplicated and leaked rows; content manifests (hashes per file and chunk of rows, schema, profile) and what changed since',
    load: async () => (await import('./data.ts')).registerData,
  },
  { name: 'serve', description: 'run the team server: the HTTP API (OpenAPI at /api/openapi.json) with accounts, roles and the audit log, jobs, schedules and signed webhooks, over the review store', load: async () => (await import('./serve.ts')).registerServe },
  { name: 'user', description: 'accounts of the team server: add one (the first admin too), grant an asset owner assets', load: async () => (await import('./user.ts')).registerUser },
  { name: 'token', description: 'API tokens for CI (hashed, scoped read or write, expiring, revocable): create, revoke, list', load: async () => (await import('./user-token.ts')).registerToken },
  { name: 'audit', description: "the team server's audit log: verify its hash chain (exit 1 when broken), export it as JSON Lines or OCSF", load: async () => (await import('./audit.ts')).registerAudit },
  { name: 'deps', description: 'dependencies of AI systems: known vulnerable packages (OSV advisories)', load: async () => (await import('./deps.ts')).registerDeps },
  {
    name: 'advisories',
    description: 'the OSV advisory data that `deps scan` matches against: update downloads it into the local cache',
    load: async () => (await import('./deps.ts')).registerAdvisories,
  },
  { name: 'worker', description: 'take review, check and attack jobs from the PostgreSQL job queue (pg-boss) until stopped; run any number, on any machine', load: async () => (await import('./worker.ts')).registerWorker },
];

/** The verb argv names: its first word, when that is not an option. */
export function verbOf(argv: readonly string[]): Verb | undefined {
  const first = argv[0];
  return first === undefined || first.startsWith('-') ? undefined : VERBS.find((v) => v.name === first);
}
