import type { CheckResult, Pointer, Severity } from '../../contract.ts';
import type { HttpEndpointTarget } from '../../../targets/http-endpoint.ts';
import { leaksIn } from './leaks.ts';
import type { Observation } from './probe.ts';
import type { Details, Finding, Params } from './schema.ts';

const SEVERITY_ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
const ACCESS = 'AML.T0040';
// Auth schemes that mean "this endpoint should not answer strangers".
const NO_AUTH = new Set(['none', 'unknown']);

type Declared = HttpEndpointTarget['declared'] | undefined;

/** Whether answering without credentials is a failure here: by the params, else by what the inventory declares. */
export function expectedAuthentication(params: Params, declared: Declared): 'required' | 'optional' {
  if (params.authentication !== 'inventory') return params.authentication;
  if (!declared) return 'optional';
  return !NO_AUTH.has(declared.authentication) || declared.exposure === 'public' ? 'required' : 'optional';
}

/** Turn the probe's observations into findings and one verdict. Pure. */
export function judge(endpoint: string, observations: readonly Observation[], params: Params, declared: Declared): CheckResult<Details> {
  const findings: Finding[] = [];
  // What each request revealed, for its pointer; a finding seen twice is kept once, at its first request.
  const notes = new Map<Observation, string[]>();
  const add = (o: Observation, finding: Omit<Finding, 'request'>): void => {
    notes.set(o, [...(notes.get(o) ?? []), finding.message]);
    if (!findings.some((f) => f.kind === finding.kind && f.message === finding.message)) findings.push({ ...finding, request: o.request });
  };

  for (const o of observations) {
    if (!o.answer) continue;
    for (const leak of leaksIn(o.answer)) add(o, { kind: leak.kind, failing: true, severity: leak.severity, techniques: ['AML.T0014'], message: leak.what });
    if (o.route && isSuccess(o.answer.status)) {
      const read = o.route.read(o.answer.body);
      if (read) add(o, { kind: o.route.kind, failing: o.route.kind === 'metadata-route', severity: o.route.severity, techniques: o.route.techniques, message: read.reveals });
    }
  }

  const expected = expectedAuthentication(params, declared);
  const observed = observeAuthentication(observations);
  if (observed === 'answered') {
    const why = expected === 'required' ? whyRequired(params, declared) : declared ? `as the inventory allows (authentication: ${declared.authentication}, exposure: ${declared.exposure})` : 'and nothing says it should not';
    const first = observations.find((o) => answeredWithoutCredentials(o));
    if (first) add(first, { kind: 'unauthenticated-access', failing: expected === 'required', severity: expected === 'required' ? 'high' : 'info', techniques: expected === 'required' ? [ACCESS] : [], message: `answers without credentials ${why}` });
  }

  const unanswered = observations.filter((o) => !o.answer).length;
  const details: Details = { endpoint, authentication: { expected, observed }, requests: observations.length, unanswered, findings };
  const pointers = observations.map((o) => pointerFor(o, notes.get(o)));
  const measurements = { requests: observations.length, unanswered, findings: findings.length, failing: findings.filter((f) => f.failing).length };
  // Worst first: the summary leads with what matters most.
  const failing = findings.filter((f) => f.failing).sort((a, b) => SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity));

  if (failing.length > 0) {
    const severity = failing[0]?.severity ?? 'info';
    const techniques = [...new Set(failing.flatMap((f) => f.techniques))].sort();
    return { outcome: 'fail', severity, summary: `${endpoint} ${failing.map((f) => f.message).join('; ')}`, techniques: techniques as CheckResult['techniques'], measurements, pointers, details };
  }
  if (observations.length > 0 && unanswered === observations.length) {
    return { outcome: 'inconclusive', severity: 'info', summary: `${endpoint} did not answer (${observations[0]?.error ?? 'no response'})`, techniques: [], measurements, pointers, details };
  }
  // A pass speaks only for what was tested and withstood; an endpoint open by design proves nothing about access.
  const withstood = [...(observed === 'demanded' ? [ACCESS] : []), ...(params.routes.length > 0 ? ['AML.T0007'] : []), ...(params.routes.includes('kserve-v2') ? ['AML.T0013'] : []), 'AML.T0014'].sort();
  const note = observed === 'demanded' ? 'demands credentials' : observed === 'answered' ? 'answers without credentials, as declared' : 'did not show whether it demands credentials';
  return { outcome: 'pass', severity: 'info', summary: `${endpoint} ${note}; leaks no stack trace or version and exposes no model metadata`, techniques: withstood as CheckResult['techniques'], measurements, pointers, details };
}

function observeAuthentication(observations: readonly Observation[]): Details['authentication']['observed'] {
  if (observations.some((o) => answeredWithoutCredentials(o))) return 'answered';
  const demanded = observations.some((o) => {
    const a = o.answer;
    if (!a) return false;
    // A redirect to a login page is how SSO-fronted services say "credentials, please".
    return a.status === 401 || a.status === 403 || a.status === 407 || (a.status >= 300 && a.status < 400 && /login|signin|sso|oauth|auth/i.test(a.headers.location ?? ''));
  });
  return demanded ? 'demanded' : 'unclear';
}

/** The endpoint did work for a stranger: a 2xx that is not a health route or an HTML page, or an error that ran its code. */
function answeredWithoutCredentials(o: Observation): boolean {
  const a = o.answer;
  if (!a) return false;
  if (isSuccess(a.status)) {
    // A route counts when its answer has the route's shape; health routes are meant to be open.
    if (o.route) return o.route.kind === 'metadata-route' && o.route.read(a.body) !== undefined;
    // An HTML page at the endpoint URL is most often a login page served without a redirect.
    return !/text\/html/i.test(a.headers['content-type'] ?? '');
  }
  return a.status >= 400 && leaksIn(a).some((l) => l.kind === 'stack-trace');
}

function whyRequired(params: Params, declared: Declared): string {
  if (params.authentication === 'required' || !declared) return '(the check was told every endpoint must demand them)';
  if (!NO_AUTH.has(declared.authentication)) return `though the inventory says it uses ${declared.authentication}`;
  return 'though the inventory says it is public';
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function pointerFor(o: Observation, here: readonly string[] | undefined): Pointer {
  const note = o.error ? `no answer: ${o.error}` : here && here.length > 0 ? here.join('; ') : undefined;
  return { request: o.request, ...(note ? { note } : {}) };
}
