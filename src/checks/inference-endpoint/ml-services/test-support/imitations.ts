import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Faithful imitations of each service's routes (paths, status codes and JSON shapes as the real services
 * answer them), open or guarded, plus the look-alikes that must not be mistaken for any of them.
 */
export type Imitation = 'ray' | 'mlflow' | 'jupyter' | 'jupyter-token' | 'tensorboard' | 'gradio' | 'ollama' | 'vllm' | 'triton' | 'torchserve' | 'kubeflow' | 'label-studio' | 'label-studio-login' | 'spa' | 'empty-json';

type Routes = Record<string, [number, unknown]>;

const routes: Record<Imitation, Routes> = {
  ray: { '/api/version': [200, { version: '3', ray_version: '2.6.3', ray_commit: '8a434b4ee7cd48e60fa1531315d39901fac5d79e' }], '/api/jobs/': [200, [{ submission_id: 'raysubmit_1', entrypoint: 'python train.py', status: 'SUCCEEDED' }]] },
  mlflow: {
    '/version': [200, '2.9.2'],
    '/api/2.0/mlflow/experiments/search?max_results=5': [200, { experiments: [{ experiment_id: '0', name: 'Default', artifact_location: 'mlflow-artifacts:/0' }, { experiment_id: '1', name: 'churn' }] }],
    '/api/2.0/mlflow-artifacts/artifacts': [200, { files: [{ path: '0', is_dir: true }] }],
  },
  jupyter: { '/api': [200, { version: '2.7.0' }], '/api/kernels': [200, [{ id: 'k1', name: 'python3', execution_state: 'idle' }]], '/api/terminals': [200, []], '/api/contents': [200, { name: '', path: '', type: 'directory', content: [{ name: 'train.ipynb' }] }] },
  'jupyter-token': { '/api': [200, { version: '2.14.2' }], '/api/kernels': [403, { message: 'Forbidden', reason: null }], '/api/terminals': [403, { message: 'Forbidden' }], '/api/contents': [403, { message: 'Forbidden' }] },
  tensorboard: { '/data/environment': [200, { data_location: '/mnt/logs/fraud', window_title: '', version: '2.15.1', experiment_name: '' }], '/data/plugins_listing': [200, { scalars: { enabled: true } }] },
  gradio: { '/config': [200, { version: '3.50.0', mode: 'interface', components: [{ id: 1, type: 'textbox' }], dependencies: [{ id: 0, api_name: 'predict' }] }] },
  ollama: { '/api/version': [200, { version: '0.1.33' }], '/api/tags': [200, { models: [{ name: 'llama3:latest', digest: 'sha256:abc', size: 4661224676 }] }] },
  vllm: { '/version': [200, { version: '0.4.2' }], '/v1/models': [200, { object: 'list', data: [{ id: 'meta-llama/Meta-Llama-3-8B-Instruct', object: 'model', owned_by: 'vllm' }] }] },
  triton: { '/v2': [200, { name: 'triton', version: '2.40.0', extensions: ['classification', 'model_repository', 'model_repository(unload_dependents)', 'schedule_policy'] }], '/v2/models/stats': [200, { model_stats: [{ name: 'fraud', version: '1' }] }] },
  torchserve: { '/models': [200, { models: [{ modelName: 'resnet', modelUrl: 'resnet-18.mar' }] }] },
  kubeflow: { '/apis/v1beta1/healthz': [200, { commit_sha: 'abc', tag_name: '2.0.5', multi_user: false }], '/apis/v1beta1/pipelines': [200, { pipelines: [{ id: 'p1', name: 'train' }], total_size: 1 }] },
  'label-studio': { '/api/version': [200, { release: '1.9.2', 'label-studio-os-package': { version: '1.9.2' } }], '/api/projects': [200, { count: 2, results: [{ id: 1 }, { id: 2 }] }] },
  'label-studio-login': { '/api/version': [200, { release: '1.13.1' }], '/api/projects': [401, { detail: 'Authentication credentials were not provided.' }] },
  spa: {},
  'empty-json': {},
};

export interface ImitationServer {
  url: string;
  seen: { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startImitation(kind: Imitation): Promise<ImitationServer> {
  const seen: ImitationServer['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '' });
    const route = routes[kind][req.url ?? ''];
    if (kind === 'spa') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><div id="root"></div>');
    if (kind === 'empty-json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    if (!route) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    const [status, body] = route;
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen, close: () => new Promise((done) => server.close(() => done())) };
}
