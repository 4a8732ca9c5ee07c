import { z } from 'zod';
import type { Severity } from '../../contract.ts';
import type { FindingKind, RouteFamily } from './schema.ts';

/**
 * Metadata routes of the common model servers. Each route parses a 2xx answer with its own schema, so a
 * catch-all page (an SPA's index.html, a gateway's `{}`) is not mistaken for an exposed route.
 */
export interface Route {
  family: RouteFamily;
  /** Relative to the server's base path; `name` is a model the server revealed or the URL names. */
  path: string;
  kind: Extract<FindingKind, 'metadata-route' | 'health-route'>;
  techniques: string[];
  severity: Severity;
  /** What a 2xx body reveals, or undefined when it is not this route's answer. */
  read(body: string): { reveals: string; models?: string[] } | undefined;
}

const json = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
};

// KServe lists names or `{name}` objects; TorchServe lists `{modelName, modelUrl}`.
const ListedModel = z.union([z.string(), z.looseObject({ name: z.string() }).transform((m) => m.name), z.looseObject({ modelName: z.string() }).transform((m) => m.modelName)]);
const ModelList = z.object({ models: z.array(ListedModel) });
const modelNames = (list: z.infer<typeof ModelList>): string[] => list.models;
const named = (names: string[]): string => (names.length > 0 ? `${names.length} model(s): ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}` : 'an empty model list');

const V2Server = z.object({ name: z.string(), version: z.string(), extensions: z.array(z.string()).optional() });
const Tensor = z.looseObject({ name: z.string() });
const V2Model = z.looseObject({ name: z.string(), platform: z.string().optional(), versions: z.array(z.string()).optional(), inputs: z.array(Tensor).optional(), outputs: z.array(Tensor).optional() });
const TorchServeModel = z.array(z.looseObject({ modelName: z.string(), modelVersion: z.string().optional(), modelUrl: z.string().optional(), runtime: z.string().optional() })).min(1);
const RegisteredModels = z.strictObject({ registered_models: z.array(z.looseObject({ name: z.string(), latest_versions: z.array(z.looseObject({ source: z.string().optional() })).optional() })).optional(), next_page_token: z.string().optional() });

const listRoute = (family: RouteFamily, path: string, what: string): Route => ({
  family,
  path,
  kind: 'metadata-route',
  techniques: ['AML.T0007'],
  severity: 'medium',
  read(body) {
    const parsed = ModelList.safeParse(json(body));
    if (!parsed.success) return undefined;
    const models = modelNames(parsed.data);
    return { reveals: `${what} lists ${named(models)}`, models };
  },
});

const registrySearch = (path: string): Route => ({
  family: 'mlflow',
  path,
  kind: 'metadata-route',
  techniques: ['AML.T0007'],
  severity: 'medium',
  read(body) {
    const parsed = RegisteredModels.safeParse(json(body));
    if (!parsed.success) return undefined;
    const models = (parsed.data.registered_models ?? []).map((m) => m.name);
    const sources = (parsed.data.registered_models ?? []).some((m) => m.latest_versions?.some((v) => v.source));
    return { reveals: `the MLflow model registry lists ${named(models)}${sources ? ' with their artifact locations' : ''}` };
  },
});

/** Routes that list models or describe the server; asked first, so their model names feed `modelRoutes`. */
export const serverRoutes: readonly Route[] = [
  {
    family: 'kserve-v2',
    path: '/v2',
    kind: 'metadata-route',
    techniques: ['AML.T0014'],
    severity: 'low',
    read(body) {
      const parsed = V2Server.safeParse(json(body));
      return parsed.success ? { reveals: `server metadata names ${parsed.data.name} ${parsed.data.version}` } : undefined;
    },
  },
  {
    family: 'kserve-v2',
    path: '/v2/health/ready',
    kind: 'health-route',
    techniques: [],
    severity: 'info',
    // Triton answers with an empty body, KServe with JSON; an HTML page is a catch-all, not this route.
    read: (body) => (body.trim() === '' || json(body) !== undefined ? { reveals: 'the v2 readiness route answers, which identifies a KServe/Triton server' } : undefined),
  },
  listRoute('kserve-v2', '/v2/models', 'the v2 model route'),
  listRoute('kserve-v2', '/v1/models', 'the v1 model route'),
  listRoute('torchserve', '/models', 'the TorchServe management API'),
  registrySearch('/api/2.0/mlflow/registered-models/search'),
  registrySearch('/ajax-api/2.0/mlflow/registered-models/search'),
  {
    family: 'mlflow',
    path: '/version',
    kind: 'metadata-route',
    techniques: ['AML.T0014'],
    severity: 'low',
    read: (body) => (/^\d+\.\d+(?:\.\d+)?\S*$/.test(body.trim()) ? { reveals: `the scoring server names its MLflow version ${body.trim()}` } : undefined),
  },
];

/** Routes that describe one model: its platform, versions, inputs and outputs. */
export function modelRoutes(name: string): Route[] {
  const at = encodeURIComponent(name);
  return [
    {
      family: 'kserve-v2',
      path: `/v2/models/${at}`,
      kind: 'metadata-route',
      techniques: ['AML.T0013', 'AML.T0014'],
      severity: 'medium',
      read(body) {
        const parsed = V2Model.safeParse(json(body));
        if (!parsed.success || (parsed.data.platform === undefined && parsed.data.inputs === undefined && parsed.data.outputs === undefined)) return undefined;
        const m = parsed.data;
        const parts = [m.platform && `platform ${m.platform}`, m.inputs && `inputs ${m.inputs.map((t) => t.name).join(', ')}`, m.outputs && `outputs ${m.outputs.map((t) => t.name).join(', ')}`].filter(Boolean);
        return { reveals: `model metadata of ${m.name}: ${parts.join('; ')}` };
      },
    },
    {
      family: 'torchserve',
      path: `/models/${at}`,
      kind: 'metadata-route',
      techniques: ['AML.T0007', 'AML.T0014'],
      severity: 'medium',
      read(body) {
        const parsed = TorchServeModel.safeParse(json(body));
        if (!parsed.success) return undefined;
        const m = parsed.data[0];
        const parts = [m?.modelVersion && `version ${m.modelVersion}`, m?.modelUrl && `archive ${m.modelUrl}`, m?.runtime && `runtime ${m.runtime}`].filter(Boolean);
        return { reveals: `TorchServe describes ${name}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}` };
      },
    },
  ];
}

// Path segments where a model server's own routes begin; what precedes them is the server's base path.
const SERVER_SEGMENT = /\/(?:v[12](?:\/|$)|api\/2\.0\/|ajax-api\/|invocations$|predictions\/|models(?:\/|$)|version$|ping$)/;

/** The path prefix a server's routes hang under: `/fraud` for `/fraud/v2/models/m/infer`, '' for `/predict`. */
export function basePath(url: URL): string {
  const match = SERVER_SEGMENT.exec(url.pathname);
  return match ? url.pathname.slice(0, match.index) : '';
}

/** A model name the endpoint URL itself reveals, e.g. `fraud` in `/v2/models/fraud/infer`. */
export function modelInUrl(url: URL): string | undefined {
  const match = /\/(?:v2\/models|v1\/models|predictions|models)\/([^/:]+)/.exec(url.pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
