import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineCheck, type CheckResult, type InferenceEndpointTarget, type Pointer, type Severity } from '../../contract.ts';
import { services } from './services.ts';
import { advisoriesFor, advisoryLoader } from './versions.ts';

const params = z.object({
  advisories: z.string().optional().describe('OSV advisories to match service versions against (folder or zip); default RAMPART_ADVISORIES, else the cache of `rampart advisories update`'),
});

const exposed = z.object({ what: z.string(), path: z.string(), reveals: z.string(), techniques: z.array(z.string()), severity: z.enum(['info', 'low', 'medium', 'high', 'critical']) });
const service = z.object({
  service: z.string(),
  title: z.string(),
  version: z.string().optional(),
  identifiedBy: z.string(),
  exposed: z.array(exposed),
  protected: z.array(z.object({ what: z.string(), path: z.string(), status: z.number() })),
  advisories: z.array(z.object({ id: z.string(), aliases: z.array(z.string()), fixed: z.string().optional(), severity: z.string(), summary: z.string() })),
  advisoryNote: z.string().optional(),
});
const evidence = z.object({ services: z.array(service) });
type Details = z.output<typeof evidence>;

const ranks: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Identifies ML services at an endpoint with GET requests only, and reports what they let strangers do. */
export const mlServices = defineCheck<InferenceEndpointTarget, typeof params, typeof evidence>({
  id: 'inference-endpoint/ml-services',
  title: 'Exposed ML services: Ray, MLflow, Jupyter, TensorBoard, Gradio, Ollama, vLLM, Triton, TorchServe, Kubeflow, Label Studio',
  summary: 'Fingerprints the ML platform services that real intrusions went through with GET requests only, reports dangerous capabilities reachable without credentials (job submission, code execution, model loading, file access, model listing, inference), and matches the version a service names against OSV advisories.',
  techniques: ['AML.T0049', 'AML.T0040', 'AML.T0007', 'AML.T0010.001'],
  targetKind: 'inference-endpoint',
  impact: { sendsTraffic: true, intrusive: false, cost: 'low' },
  params,
  evidence,
  examples: [{ title: 'Fingerprint and match versions against the advisory cache', params: {} }],
  async run(context, p): Promise<CheckResult<Details>> {
    const { target } = context;
    const base = new URL(target.url);
    const prefix = base.pathname.endsWith('/') ? base.pathname : '/';
    const answers = new Map<string, Promise<{ status: number; body: string } | undefined>>();
    // Several services share a route (`/api/version`): each path is asked once.
    const get = (path: string) => {
      let answer = answers.get(path);
      if (!answer) {
        answer = target.fetch(`${prefix}${path}`).then(
          (r) => ({ status: r.status, body: r.body }),
          () => undefined,
        );
        answers.set(path, answer);
      }
      return answer;
    };
    const advisories = advisoryLoader(p.advisories, services.flatMap((s) => (s.package ? [s.package] : [])));
    const found: Details['services'] = [];
    const pointers: Pointer[] = [];
    for (const s of services) {
      context.signal.throwIfAborted();
      let identity: { version?: string; detail: string; path: string } | undefined;
      for (const fingerprint of s.fingerprints) {
        const answer = await get(fingerprint.path);
        const read = answer && answer.status >= 200 && answer.status < 300 ? fingerprint.read(answer.body) : undefined;
        if (read) identity = { ...read, ...(identity?.version && !read.version ? { version: identity.version } : {}), path: fingerprint.path };
        if (identity?.version) break;
      }
      if (!identity) continue;
      const entry: Details['services'][number] = { service: s.name, title: s.title, ...(identity.version ? { version: identity.version } : {}), identifiedBy: `GET ${prefix}${identity.path}: ${identity.detail}`, exposed: [], protected: [], advisories: [] };
      for (const capability of s.capabilities) {
        const answer = await get(capability.path);
        if (!answer) continue;
        if (answer.status === 401 || answer.status === 403 || (answer.status >= 300 && answer.status < 400)) {
          entry.protected.push({ what: capability.what, path: `${prefix}${capability.path}`, status: answer.status });
          continue;
        }
        const reveals = answer.status >= 200 && answer.status < 300 ? capability.read(answer.body) : undefined;
        if (!reveals) continue;
        entry.exposed.push({ what: capability.what, path: `${prefix}${capability.path}`, reveals, techniques: capability.techniques, severity: capability.severity });
        pointers.push({ request: { method: 'GET', url: new URL(`${prefix}${capability.path}`, base).href, status: answer.status }, note: `${s.title}: ${capability.what} — ${reveals}` });
      }
      if (s.package && identity.version) Object.assign(entry, await advisoriesFor(s.package, identity.version, advisories, context.clock()));
      found.push(entry);
    }
    return resultOf(found, pointers);
  },
});

function resultOf(found: Details['services'], pointers: Pointer[]): CheckResult<Details> {
  const details = { services: found };
  if (found.length === 0) return { outcome: 'inconclusive', severity: 'info', summary: 'no known ML service answered at this endpoint', details };
  const problems = found.flatMap((s) => [...s.exposed.map((e) => ({ s, severity: e.severity, techniques: e.techniques, text: `${s.title}: ${e.what}` })), ...s.advisories.map((a) => ({ s, severity: (a.severity === 'unknown' ? 'medium' : a.severity) as Severity, techniques: ['AML.T0010.001'], text: `${s.title} ${s.version}: ${a.id}${a.fixed ? ` (fixed in ${a.fixed})` : ''}` }))]);
  const named = found.map((s) => `${s.title}${s.version ? ` ${s.version}` : ''}`).join(', ');
  if (problems.length === 0) {
    return { outcome: 'pass', severity: 'info', summary: `${named}: every capability probed demanded credentials${found.some((s) => s.advisoryNote) ? `; ${found.map((s) => s.advisoryNote).filter(Boolean).join('; ')}` : ''}`, techniques: ['AML.T0049', 'AML.T0040', 'AML.T0007'] as TechniqueId[], details };
  }
  const worst = problems.reduce<Severity>((w, p) => (ranks.indexOf(p.severity) > ranks.indexOf(w) ? p.severity : w), 'info');
  return {
    outcome: 'fail',
    severity: worst,
    summary: `${named} reachable without credentials: ${problems.slice(0, 4).map((p) => p.text).join('; ')}${problems.length > 4 ? ` and ${problems.length - 4} more` : ''}`,
    techniques: [...new Set(problems.flatMap((p) => p.techniques))] as TechniqueId[],
    measurements: { services: found.length, exposedCapabilities: found.reduce((n, s) => n + s.exposed.length, 0), advisories: found.reduce((n, s) => n + s.advisories.length, 0) },
    pointers,
    details,
  };
}
