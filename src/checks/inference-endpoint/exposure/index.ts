import type { HttpEndpointTarget } from '../../../targets/http-endpoint.ts';
import { defineCheck, type InferenceEndpointTarget } from '../../contract.ts';
import { judge } from './judge.ts';
import { probeEndpoint } from './probe.ts';
import { Details, Params } from './schema.ts';

/** The adapter's `declared` is optional so the check also runs on a bare InferenceEndpointTarget (then params decide). */
export type ExposureTarget = InferenceEndpointTarget & Partial<Pick<HttpEndpointTarget, 'declared'>>;

export const exposure = defineCheck<ExposureTarget, typeof Params, typeof Details>({
  id: 'inference-endpoint/exposure',
  title: 'Inference API exposure',
  summary:
    'Asks a model endpoint, without credentials, what an outsider could: does it answer, does a malformed request draw a stack trace or framework versions, and do KServe/Triton v2, TorchServe management or MLflow routes describe its models.',
  techniques: ['AML.T0040', 'AML.T0007', 'AML.T0013', 'AML.T0014'],
  targetKind: 'inference-endpoint',
  impact: { sendsTraffic: true, intrusive: false, cost: 'free' },
  params: Params,
  evidence: Details,
  examples: [
    { title: 'Judge unauthenticated answers by what the inventory declares; probe every route family', params: {} },
    { title: 'Every endpoint must demand credentials, whatever the inventory says', params: { authentication: 'required' } },
    { title: 'Read-only: GET requests to KServe v2 routes only, no malformed input', params: { malformedInput: false, routes: ['kserve-v2'], maxRequests: 10 } },
  ],
  async run(context, params) {
    const observations = await probeEndpoint(context, params);
    return judge(context.target.url, observations, params, context.target.declared);
  },
});
