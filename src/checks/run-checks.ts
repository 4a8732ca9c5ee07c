import type { TechniqueId } from '../atlas/ids.ts';
import { resolve } from 'node:path';
import { readInputs } from '../attacks/inputs-file.ts';
import { inputError } from '../errors.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Inventory } from '../inventory/load.ts';
import type { CheckDeclaration, Evidence, Logger, Progress } from './contract.ts';
import { checks as registered } from './registry.ts';
import { selectChecks } from './select-checks.ts';
import { targetsOf, type PlannedTarget } from './run-checks-targets.ts';

export interface RunChecksOptions {
  /** The inventory folder: artifact paths and target files resolve from here. */
  root: string;
  /** Check ids or families (`inference-endpoint`) to run; all registered checks when absent or empty. */
  only?: readonly string[];
  signal?: AbortSignal;
  progress?: Progress;
  logger?: Logger;
  clock?: () => Date;
  /** Hosts (`name` or `name:port`) that inference endpoints may be probed on; every host the inventory names when absent. */
  allowHosts?: readonly string[];
  /** Longest one check may spend on one target. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** The checks to choose from; the registry unless a test brings its own. */
  registry?: readonly CheckDeclaration[];
  /** Told of every planned run as it ends: ran, or could not run and why; and of selected checks with nothing to run on. */
  record?: (run: CheckRun) => void;
}

/** One check on one target, as the review tells the user: it ran (with its outcome), or could not, and why. */
export type CheckRun =
  | { status: 'ran'; checkId: string; assetId: string; target: string; outcome: string }
  | { status: 'could-not-run'; checkId: string; assetId: string; target: string; reason: string }
  | { status: 'no-target'; checkId: string; reason: string };

/** What a review passes through to `runInventoryChecks`; `root` comes from the inventory path. */
export type CheckSelection = Omit<RunChecksOptions, 'root' | 'registry' | 'clock'>;

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined };
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Run every selected check on every target the inventory names for it, one at a time, and return the evidence.
 * A check that throws, times out or returns details its evidence schema rejects becomes `error` evidence: one
 * broken check never stops a review. Only aborting `signal` does.
 */
export async function runInventoryChecks(inventory: Inventory, options: RunChecksOptions): Promise<Evidence[]> {
  const logger = options.logger ?? silent;
  const clock = options.clock ?? (() => new Date());
  const signal = options.signal ?? new AbortController().signal;
  const selected = selectChecks(options.registry ?? registered, options.only);
  const plan: { asset: Asset; check: CheckDeclaration; target: PlannedTarget }[] = [];
  for (const asset of inventory.assets) {
    for (const check of selected) {
      for (const target of await targetsOf(asset, check.targetKind, { ...options, logger, assets: inventory.assets })) plan.push({ asset, check, target });
    }
  }
  for (const check of selected) {
    if (!plan.some((p) => p.check === check)) options.record?.({ status: 'no-target', checkId: check.id, reason: `no ${check.targetKind} in the inventory it can run on (or no adapter for it)` });
  }
  logger.info(`running ${plan.length} check run(s): ${selected.map((c) => c.id).join(', ') || 'no checks selected'}`);

  const evidence: Evidence[] = [];
  for (const [i, { asset, check, target }] of plan.entries()) {
    signal.throwIfAborted();
    options.progress?.update(i, plan.length, `${check.id} ${target.label}`);
    const params = await paramsFor(check, asset, target);
    if (!params.ok) {
      logger.info(`skipped ${check.id} on ${target.label}: ${params.reason}`, { asset: asset.id });
      options.record?.({ status: 'could-not-run', checkId: check.id, assetId: asset.id, target: target.label, reason: `missing parameters: ${params.reason}` });
      continue;
    }
    const found = await runOne(check, asset, target, params.value, { ...options, logger, clock, signal });
    evidence.push(found);
    const where = { checkId: check.id, assetId: asset.id, target: target.label };
    // An inconclusive run (the target did not answer, or not in a way the check could judge) proved nothing either way.
    if (found.outcome === 'error' || found.outcome === 'inconclusive') options.record?.({ status: 'could-not-run', ...where, reason: `${found.outcome}: ${found.summary}` });
    else options.record?.({ status: 'ran', ...where, outcome: found.outcome });
  }
  options.progress?.update(plan.length, plan.length);
  return evidence;
}

type RunContext = RunChecksOptions & { logger: Logger; clock: () => Date; signal: AbortSignal };

type Params = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * A check runs with the parameters the inventory gives it for this target (a string `data` is an inputs file),
 * else with its defaults. A check whose required parameters nobody gave is skipped, not failed; parameters
 * the inventory gives but the check rejects are an input error in the inventory.
 */
async function paramsFor(check: CheckDeclaration, asset: Asset, planned: PlannedTarget): Promise<Params> {
  const given = planned.configured?.params[check.id];
  if (!given) {
    const defaults = check.params.safeParse({});
    return defaults.success ? { ok: true, value: defaults.data } : { ok: false, reason: `it needs parameters (${describeIssues(defaults.error.issues)}); give them under the endpoint's checks: ${check.id}` };
  }
  const where = { file: asset.source.file, line: asset.source.line, path: `${asset.id}.endpoints.checks["${check.id}"]` };
  const value = { ...given };
  if (typeof value.data === 'string') value.data = await readInputs(resolve(planned.configured?.base ?? '.', value.data), value.csvLabels === 'none' ? 'none' : 'last');
  delete value.csvLabels;
  const parsed = check.params.safeParse(value);
  if (!parsed.success) throw inputError(`parameters for ${check.id} are invalid: ${describeIssues(parsed.error.issues)}`, where, `see the parameters of ${check.id} in docs/checks.md`);
  return { ok: true, value: parsed.data };
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'params'}: ${i.message}`)
    .join('; ');
}

async function runOne(check: CheckDeclaration, asset: Asset, planned: PlannedTarget, params: unknown, options: RunContext): Promise<Evidence> {
  const startedAt = options.clock().toISOString();
  const base = { checkId: check.id, assets: planned.speaksFor ?? [asset.id], target: planned.label, startedAt, ...effectOf(check) };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]);
  let close: (() => Promise<void>) | undefined;
  try {
    const opened = await planned.open(signal, { probe: check.opensTarget === 'probe' });
    close = opened.close;
    const progress: Progress = { update: (done, total, label) => options.progress?.update(done, total, `${check.id} ${planned.label}${label ? `: ${label}` : ''}`) };
    const result = await untilAborted(check.run({ target: opened.target, signal, progress, logger: options.logger, clock: options.clock }, params), signal);
    const details = check.evidence.safeParse(result.details);
    if (!details.success) throw new Error(`its details do not match its evidence schema: ${details.error.issues[0]?.message ?? 'invalid'} at ${details.error.issues[0]?.path.join('.') ?? ''}`);
    const techniques = spokenFor(check, result.techniques, options.logger);
    return { ...base, outcome: result.outcome, severity: result.severity, summary: result.summary, techniques, measurements: result.measurements ?? {}, pointers: result.pointers ?? [], details: details.data, finishedAt: options.clock().toISOString() };
  } catch (error) {
    if (options.signal.aborted) throw error;
    const message = signal.aborted ? `timed out after ${Math.round(timeoutMs / 1000)} s` : error instanceof Error ? error.message : String(error);
    options.logger.warn(`${check.id} on ${planned.label} failed: ${message}`, { asset: asset.id });
    return { ...base, outcome: 'error', severity: 'info', summary: `${check.id} could not run on ${planned.label}: ${message}`, techniques: check.techniques as TechniqueId[], measurements: {}, pointers: [], details: { error: message }, finishedAt: options.clock().toISOString() };
  } finally {
    await close?.().catch((error: unknown) => options.logger.debug('closing a target failed', { error: String(error) }));
  }
}

/** A result may speak for fewer techniques than its check declares, never for others. */
function spokenFor(check: CheckDeclaration, techniques: readonly string[] | undefined, logger: Logger): TechniqueId[] {
  if (!techniques) return check.techniques as TechniqueId[];
  const foreign = techniques.filter((t) => !check.techniques.includes(t));
  if (foreign.length > 0) logger.warn(`${check.id} reported techniques it does not declare; dropped: ${foreign.join(', ')}`);
  return techniques.filter((t) => check.techniques.includes(t)) as TechniqueId[];
}

/** Rejects when the signal aborts, even if the check ignores its signal. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** How a check's evidence speaks about coverage (see `Evidence.effect`); attacks' evidence has none. */
function effectOf(check: CheckDeclaration): Pick<Evidence, 'effect'> {
  if (check.targetKind === 'log-stream') return { effect: 'detects' };
  if (check.targetKind === 'dataset') return { effect: 'inspects' };
  return {};
}
