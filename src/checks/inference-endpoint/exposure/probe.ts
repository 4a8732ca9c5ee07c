import type { CheckContext, InferenceEndpointTarget } from '../../contract.ts';
import type { Answer } from './leaks.ts';
import { basePath, modelInUrl, modelRoutes, serverRoutes, type Route } from './routes.ts';
import type { Params } from './schema.ts';

/** One request of the probe and what came back. */
export interface Observation {
  role: 'endpoint' | 'malformed' | 'route';
  route?: Route;
  request: { method: string; url: string; status?: number };
  answer?: Answer;
  error?: string;
}

// A truncated document and a well-formed one of the wrong shape: parsers and models fail differently on each.
const MALFORMED_BODIES = ['{"inputs": [[', '{"rampart_probe": ["not-a-feature", null]}'];
const MAX_MODELS = 3;

/** Ask the endpoint, without credentials, what an outsider could ask. Requests run one by one: list routes name the models later routes describe. */
export async function probeEndpoint(context: CheckContext<InferenceEndpointTarget>, params: Params): Promise<Observation[]> {
  const { target, signal, progress, logger } = context;
  const url = new URL(target.url);
  const base = basePath(url);
  const wanted = (route: Route): boolean => params.routes.includes(route.family);
  const observations: Observation[] = [];
  const routes = serverRoutes.filter(wanted);
  let planned = 1 + (params.malformedInput ? MALFORMED_BODIES.length : 0) + routes.length + MAX_MODELS;

  const ask = async (role: Observation['role'], path: string, init: { method: string; body?: string }, route?: Route): Promise<Observation | undefined> => {
    signal.throwIfAborted();
    if (observations.length >= params.maxRequests) return undefined;
    const request = { method: init.method, url: new URL(path, url).href };
    const observation: Observation = { role, route, request };
    observations.push(observation);
    try {
      const answer = await target.fetch(path, { ...init, headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' } });
      observation.answer = answer;
      observation.request = { ...request, status: answer.status };
    } catch (error) {
      if (signal.aborted) throw error;
      observation.error = error instanceof Error ? error.message : String(error);
      logger.debug('exposure probe got no answer', { url: request.url, error: observation.error });
    }
    progress.update(observations.length, Math.min(params.maxRequests, planned));
    return observation;
  };

  await ask('endpoint', url.href, { method: 'GET' });
  if (params.malformedInput) for (const body of MALFORMED_BODIES) await ask('malformed', url.href, { method: 'POST', body });

  const models = new Set<string>();
  const inUrl = modelInUrl(url);
  if (inUrl) models.add(inUrl);
  for (const route of routes) {
    const seen = await ask('route', `${base}${route.path}`, { method: 'GET' }, route);
    const answer = seen?.answer;
    if (answer && answer.status >= 200 && answer.status < 300) for (const name of route.read(answer.body)?.models ?? []) models.add(name);
  }
  const names = [...models].slice(0, MAX_MODELS);
  planned = observations.length + names.length * 2;
  for (const name of names) for (const route of modelRoutes(name).filter(wanted)) await ask('route', `${base}${route.path}`, { method: 'GET' }, route);
  return observations;
}
