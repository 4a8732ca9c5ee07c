import type { z } from 'zod';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Dependency } from '../deps/types.ts';

/**
 * The one contract every automated test implements: a model-file scanner, an evasion attack, an endpoint
 * probe. A check is a folder `src/checks/<family>/<name>/` whose `index.ts` exports a declaration made
 * with `defineCheck`; `registry.ts` lists them and every index derives from the declarations.
 */

/** What a check needs to reach. */
export type TargetKind =
  | 'model-file' // a model artifact on disk (pickle, PyTorch, ONNX, …)
  | 'inference-endpoint' // the base URL of a model server, probed over HTTP
  | 'prediction-api' // a classifier/regressor answering predictions (HTTP JSON, KServe v2, ONNX file)
  | 'chat-api' // an OpenAI-compatible chat endpoint
  | 'software' // the packages an asset runs: its declared frameworks and the dependency manifests among its artifacts
  | 'dataset' // a data file
  | 'log-stream'; // inference logs

export interface CheckImpact {
  /** Sends network traffic to the target. */
  sendsTraffic: boolean;
  /** May change the target's state or set off its defences (rate limits, alerts). */
  intrusive: boolean;
  /** Rough cost of one run, in queries or compute. */
  cost: 'free' | 'low' | 'medium' | 'high';
}

export type Outcome = 'pass' | 'fail' | 'inconclusive' | 'error';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** Where in the artifact or the traffic the evidence points. */
export interface Pointer {
  file?: string;
  /** Member inside an archive, e.g. `archive/data.pkl`. */
  member?: string;
  offset?: number;
  line?: number;
  request?: { method: string; url: string; status?: number };
  note?: string;
}

/** What `run` returns: the check's verdict and what it measured. */
export interface CheckResult<Details = unknown> {
  outcome: Outcome;
  severity: Severity;
  summary: string;
  /** Techniques this result speaks for (a subset of the declaration's); all of them when omitted. */
  techniques?: TechniqueId[];
  measurements?: Record<string, number>;
  pointers?: Pointer[];
  details: Details;
}

/** A check's result as stored and fed to the gap analysis. */
export interface Evidence<Details = unknown> extends Required<Omit<CheckResult<Details>, 'techniques'>> {
  checkId: string;
  techniques: TechniqueId[];
  /** The assets the evidence speaks for. */
  assets: string[];
  target: string;
  startedAt: string;
  finishedAt: string;
  /**
   * `detects`: the evidence of a detector (a `log-stream` check), about a detective control. A pass means the
   * detector caught the attack (the technique is *detected*); a fail that it missed one (claimed detective
   * controls on the technique are shown failing). It never means the attack itself succeeded.
   * `inspects`: the evidence of an inspection of the asset's content (a `dataset` check). A fail means the
   * technique was found at work (poisoned rows: exploited); a pass only that nothing was found this time — it
   * proves no control and credits no prevention.
   */
  effect?: 'detects' | 'inspects';
}

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

export interface Progress {
  /** `done` of `total` units (queries, files, inputs) finished. */
  update(done: number, total: number, label?: string): void;
}

/** Everything a check may touch of the world; tests inject their own. */
export interface CheckContext<Target> {
  target: Target;
  signal: AbortSignal;
  progress: Progress;
  logger: Logger;
  clock: () => Date;
}

export interface CheckExample<Params> {
  title: string;
  params: Params;
}

export interface CheckDeclaration<Target = unknown, P extends z.ZodType = z.ZodType, E extends z.ZodType = z.ZodType> {
  /** `family/name`, equal to the check's folder under src/checks/. Never changes. */
  id: string;
  title: string;
  summary: string;
  /** ATLAS technique ids the check tests; validated against the bundled release by the registry test. */
  techniques: string[];
  targetKind: TargetKind;
  impact: CheckImpact;
  params: P;
  evidence: E;
  /** Parameter sets shown in the docs; the registry test parses each against `params`. */
  examples: CheckExample<z.input<P>>[];
  /**
   * `probe`: the check measures the target's own limits, so its target is opened without the target file's
   * client-side rate limit and retries (which would hide a server's limit, or wait out its Retry-After).
   */
  opensTarget?: 'probe';
  run(context: CheckContext<Target>, params: z.output<P>): Promise<CheckResult<z.output<E>>>;
}

/** Identity function that fixes the declaration's types; keeps check folders free of casts. */
export function defineCheck<Target, P extends z.ZodType, E extends z.ZodType>(
  declaration: CheckDeclaration<Target, P, E>,
): CheckDeclaration<Target, P, E> {
  return Object.freeze(declaration);
}

// Targets that checks receive. Adapters live in src/targets/; these are the shapes checks rely on.

export interface ModelFileTarget {
  kind: 'model-file';
  path: string;
}

export interface InferenceEndpointTarget {
  kind: 'inference-endpoint';
  url: string;
  protocol: string;
  /** Performs a request against the endpoint; counts and logs it. Never sends credentials it was not given. */
  fetch(path: string, init?: { method?: string; body?: string; headers?: Record<string, string>; withCredentials?: boolean }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
}

/** The software one asset runs, and what the asset does with it (for ranking what a flaw exposes). */
export interface SoftwareTarget {
  kind: 'software';
  assetId: string;
  /** The asset's `frameworks:` as dependencies (src/deps/frameworks.ts). */
  frameworks: Dependency[];
  /** Dependency manifests among the asset's artifacts (requirements, lock files, SBOMs), as absolute paths. */
  manifests: string[];
  exposure: 'public' | 'partner' | 'internal';
  /** The asset answers over a network without authentication. */
  unauthenticated: boolean;
  /** The asset loads models or artifacts made by others (registries, serving, notebooks, `thirdPartyArtifacts`). */
  loadsArtifacts: boolean;
}

/** A data file an inventory data asset names (CSV, JSON Lines, Parquet, NumPy), read by src/data/readers. */
export interface DatasetTarget {
  kind: 'dataset';
  assetId: string;
  /** Absolute path of the file. */
  path: string;
}

/** A classifier's prediction API (HTTP JSON, KServe v2 or an ONNX file); adapters live in src/targets/. */
export type { PredictionTarget as PredictionApiTarget } from '../targets/prediction-target.ts';
