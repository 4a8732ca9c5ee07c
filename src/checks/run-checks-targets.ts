import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Asset } from '../inventory/asset.ts';
import { openHttpEndpoint } from '../targets/http-endpoint.ts';
import type { DatasetTarget, Logger, ModelFileTarget, SoftwareTarget, TargetKind } from './contract.ts';
import { chatTargets, isChatEndpoint } from './chat-targets.ts';

/** One thing a check can run against: how to name it in evidence, and how to open it. */
export interface PlannedTarget {
  /** The URL or path as the inventory gives it; becomes `Evidence.target`. */
  label: string;
  open(signal: AbortSignal, how?: { probe?: boolean }): Promise<OpenedTarget>;
  /** The assets its evidence speaks for; the asset that names the target when absent. */
  speaksFor?: string[];
  /** Parameters per check id the inventory gives for this target, and the folder their files resolve from. */
  configured?: { params: Record<string, Record<string, unknown>>; base: string };
}

export interface OpenedTarget {
  target: unknown;
  close?: () => Promise<void>;
}

export interface PlanOptions {
  root: string;
  /** Hosts (`name` or `name:port`) traffic may go to; every host the inventory names when absent. */
  allowHosts?: readonly string[];
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  /** Per-request timeout of HTTP targets. */
  requestTimeoutMs?: number;
  /** Every asset of the inventory, for targets whose evidence speaks for related assets. */
  assets?: readonly Asset[];
}

// Artifacts named by URI (s3://, hf://, gs://, https://) live elsewhere; checks read only local files.
const URI = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The targets of one kind an asset names. Anything it cannot reach is skipped with a note in the log. */
export async function targetsOf(asset: Asset, kind: TargetKind, options: PlanOptions): Promise<PlannedTarget[]> {
  switch (kind) {
    case 'inference-endpoint':
      return asset.element === 'model' || asset.element === 'platform' ? endpointTargets(asset, options) : [];
    case 'model-file':
      return modelFileTargets(asset, options);
    case 'prediction-api':
      return predictionTargets(asset, options);
    case 'software':
      return softwareTargets(asset, options);
    case 'chat-api':
      return chatTargets(asset, options, (url) => hostAllowed(url, options.allowHosts));
    case 'log-stream':
      return logTargets(asset, options);
    case 'dataset':
      return asset.element === 'data' ? datasetTargets(asset, options) : [];
    default:
      if (asset.endpoints.length > 0 || asset.artifacts.length > 0) options.logger.debug(`no target adapter for ${kind} yet`, { asset: asset.id });
      return [];
  }
}

function endpointTargets(asset: Asset, options: PlanOptions): PlannedTarget[] {
  const targets: PlannedTarget[] = [];
  for (const endpoint of asset.endpoints) {
    if (!hostAllowed(endpoint.url, options.allowHosts)) {
      options.logger.info(`skipped ${endpoint.url}: its host is not among the allowed hosts`, { asset: asset.id });
      continue;
    }
    const declared = { authentication: endpoint.authentication ?? asset.authentication, exposure: asset.exposure };
    targets.push({
      label: endpoint.url,
      open: async (signal) => ({ target: openHttpEndpoint({ url: endpoint.url, protocol: endpoint.protocol, declared, signal, timeoutMs: options.requestTimeoutMs }) }),
      ...configuredFor(asset, endpoint, options),
    });
  }
  return targets;
}

async function modelFileTargets(asset: Asset, options: PlanOptions): Promise<PlannedTarget[]> {
  const targets: PlannedTarget[] = [];
  for (const artifact of asset.artifacts) {
    if (URI.test(artifact.path)) {
      options.logger.info(`skipped ${artifact.path}: model-file checks read local files only`, { asset: asset.id });
      continue;
    }
    const path = resolve(options.root, artifact.path);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) {
      options.logger.info(`skipped ${artifact.path}: ${info ? 'not a file' : 'no such file'} under ${options.root}`, { asset: asset.id });
      continue;
    }
    const target: ModelFileTarget = { kind: 'model-file', path };
    targets.push({ label: artifact.path, open: async () => ({ target }) });
  }
  return targets;
}

async function datasetTargets(asset: Asset, options: PlanOptions): Promise<PlannedTarget[]> {
  // Loaded on use: the readers (and the Parquet library) are not for a review without dataset checks.
  const { dataFormatOf } = await import('../data/readers/open-dataset.ts');
  const targets: PlannedTarget[] = [];
  for (const artifact of asset.artifacts) {
    if (URI.test(artifact.path) || dataFormatOf(artifact.path) === undefined) {
      if (!URI.test(artifact.path)) options.logger.info(`skipped ${artifact.path}: not a dataset format the scan reads (.csv, .tsv, .jsonl, .parquet, .npy, .npz)`, { asset: asset.id });
      else options.logger.info(`skipped ${artifact.path}: dataset checks read local files only`, { asset: asset.id });
      continue;
    }
    const path = resolve(options.root, artifact.path);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) {
      options.logger.info(`skipped ${artifact.path}: ${info ? 'not a file' : 'no such file'} under ${options.root}`, { asset: asset.id });
      continue;
    }
    // One object per file, shared by every dataset check, so the scan behind them runs once per review.
    const target: DatasetTarget = { kind: 'dataset', assetId: asset.id, path };
    targets.push({ label: artifact.path, open: async () => ({ target }) });
  }
  return targets;
}

interface PredictionOpener {
  openTargetFile(file: string, options: { env?: NodeJS.ProcessEnv; probe?: boolean }): Promise<{ close(): Promise<void> }>;
}

async function predictionTargets(asset: Asset, options: PlanOptions): Promise<PlannedTarget[]> {
  const withTarget = asset.endpoints.filter((e) => e.target !== undefined && !isChatEndpoint(e));
  if (withTarget.length === 0) return [];
  // Loaded lazily: the prediction adapters pull in onnxruntime, which a review without them should not pay for.
  const adapters = (await import('../targets/open-target.ts').catch(() => ({}))) as Partial<PredictionOpener>;
  const open = adapters.openTargetFile;
  if (typeof open !== 'function') {
    options.logger.warn('skipped prediction-api targets: no target-file adapter is available', { asset: asset.id });
    return [];
  }
  // Target files are relative to the inventory file that names them; the source file is relative to the root.
  const base = resolve(options.root, dirname(asset.source.file));
  return withTarget.map((endpoint) => {
    const file = resolve(base, endpoint.target ?? '');
    return {
      label: endpoint.target ?? endpoint.url,
      open: async (_signal, how) => {
        const target = await open(file, { env: options.env, probe: how?.probe === true });
        return { target, close: () => target.close() };
      },
      ...configuredFor(asset, endpoint, options),
    };
  });
}

async function softwareTargets(asset: Asset, options: PlanOptions): Promise<PlannedTarget[]> {
  // Loaded on use: the manifest readers are not for a review without dependency checks to pay for.
  const [{ frameworkDependencies }, { formatOf }] = await Promise.all([import('../deps/frameworks.ts'), import('../deps/manifests/read-manifest.ts')]);
  const frameworks = frameworkDependencies(asset);
  const manifests = asset.artifacts.filter((a) => !URI.test(a.path) && formatOf(a.path, false) !== undefined).map((a) => resolve(options.root, a.path));
  if (frameworks.length === 0 && manifests.length === 0) return [];
  const loadsArtifacts = asset.attributes.has('thirdPartyArtifacts') || ['model-registry', 'serving', 'notebook', 'training-pipeline', 'experiment-tracker'].includes(asset.kind);
  const target: SoftwareTarget = { kind: 'software', assetId: asset.id, frameworks, manifests, exposure: asset.exposure, unauthenticated: asset.authentication === 'none', loadsArtifacts };
  return [{ label: `${asset.id} software (${frameworks.length} framework(s), ${manifests.length} manifest(s))`, open: async () => ({ target }) }];
}

function configuredFor(asset: Asset, endpoint: Asset['endpoints'][number], options: PlanOptions): Pick<PlannedTarget, 'configured'> {
  return endpoint.checks ? { configured: { params: endpoint.checks, base: resolve(options.root, dirname(asset.source.file)) } } : {};
}

/**
 * An `inference-logs` asset's logs: the production log and replayed attacks, as one target. Its evidence
 * speaks for the log asset and for every asset that `logsTo` it (the models whose attacks the log shows).
 */
async function logTargets(asset: Asset, options: PlanOptions): Promise<PlannedTarget[]> {
  const logs = asset.logs ?? [];
  if (logs.length === 0) return [];
  const base = resolve(options.root, dirname(asset.source.file));
  const speaksFor = [asset.id, ...(options.assets ?? []).filter((a) => a.relations.logsTo?.includes(asset.id)).map((a) => a.id)];
  const params: Record<string, Record<string, unknown>> = {};
  for (const log of logs) for (const [id, p] of Object.entries(log.checks ?? {})) params[id] ??= p;
  // Resolved while planning, so that training data the inventory names but cannot be read stops the review (exit 2).
  const { trainingDataFor } = await import('./monitor/training-data.ts');
  const cache = new Map();
  const training = await Promise.all(logs.map((_, i) => trainingDataFor(asset, i, options.root, options.assets ?? [asset], cache)));
  return [
    {
      label: `${asset.id} logs (${logs.map((l) => l.path).join(', ')})`,
      speaksFor,
      open: async () => {
        const { openLogStream } = await import('../monitor/log-stream.ts');
        const target = await openLogStream(logs, base);
        target.logs.forEach((log, i) => (log.training = training[i]));
        return { target };
      },
      ...(Object.keys(params).length > 0 ? { configured: { params, base } } : {}),
    },
  ];
}

export function hostAllowed(url: string, allowHosts: readonly string[] | undefined): boolean {
  if (!allowHosts) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return allowHosts.some((h) => h.toLowerCase() === parsed.hostname.toLowerCase() || h.toLowerCase() === parsed.host.toLowerCase());
}
