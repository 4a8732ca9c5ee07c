import { z } from 'zod';
import type { Asset } from '../inventory/asset.ts';

/**
 * What a delivery asks for, by source. MLflow (OSS 3.x): `{entity, action, timestamp, data}`; a new model version
 * (`model_version.created`), an alias moved onto a version (`model_version_alias.created`: MLflow's successor of stage
 * transitions) or a tag set on one name the registered model. Generic and CI deliveries name assets or models directly.
 */
const MlflowEvent = z.object({
  entity: z.string(),
  action: z.string(),
  data: z.object({ name: z.string().min(1), version: z.union([z.string(), z.number()]).optional() }).loose(),
});

const GenericEvent = z.strictObject({
  assets: z.array(z.string().min(1)).optional(),
  models: z.array(z.string().min(1)).optional(),
  checks: z.array(z.string().min(1)).optional(),
  note: z.string().max(500).optional(),
});

const CiEvent = GenericEvent.extend({ commit: z.string().max(100).optional(), pipeline: z.string().max(500).optional() });

/** Registry events that change what is deployed or about to be. */
export const MLFLOW_EVENTS = ['model_version.created', 'model_version_alias.created', 'model_version_tag.set', 'registered_model.created'];

export type Ask = { kind: 'review'; models: string[]; assets: string[]; checks?: string[]; describe: string } | { kind: 'ignore'; why: string };

export function readEvent(source: 'mlflow' | 'generic' | 'ci', body: unknown): Ask | { kind: 'invalid'; why: string } {
  if (source === 'mlflow') {
    const parsed = MlflowEvent.safeParse(body);
    if (!parsed.success) return { kind: 'invalid', why: `not an MLflow webhook payload: ${issue(parsed.error)}` };
    const event = `${parsed.data.entity}.${parsed.data.action}`;
    if (!MLFLOW_EVENTS.includes(event)) return { kind: 'ignore', why: `MLflow event ${event} does not change a model version` };
    const version = parsed.data.data.version === undefined ? '' : ` version ${parsed.data.data.version}`;
    return { kind: 'review', models: [parsed.data.data.name], assets: [], describe: `MLflow ${event}: ${parsed.data.data.name}${version}` };
  }
  const parsed = (source === 'ci' ? CiEvent : GenericEvent).safeParse(body);
  if (!parsed.success) return { kind: 'invalid', why: issue(parsed.error) };
  const { assets = [], models = [], checks } = parsed.data;
  const commit = 'commit' in parsed.data && parsed.data.commit ? ` at ${String(parsed.data.commit)}` : '';
  return { kind: 'review', models, assets, ...(checks ? { checks } : {}), describe: `${source}${commit}` };
}

/**
 * The assets a registry model name stands for: the trigger's own map first; else assets tagged `mlflow:<name>` or
 * `registry:<name>`, with an artifact at `models:/<name>…`, or whose id is the name.
 */
export function assetsForModel(name: string, assets: readonly Asset[], map: Record<string, string[]> | null): string[] {
  const mapped = map?.[name];
  if (mapped) return mapped;
  return assets
    .filter((a) => a.tags.includes(`mlflow:${name}`) || a.tags.includes(`registry:${name}`) || a.artifacts.some((f) => f.path === `models:/${name}` || f.path.startsWith(`models:/${name}/`)) || a.id === name)
    .map((a) => a.id);
}

function issue(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'invalid';
}
