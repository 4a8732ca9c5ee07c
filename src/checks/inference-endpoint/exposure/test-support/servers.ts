import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How each local server behaves: the ones the exposure check must tell apart. */
export type ServerFlavour = 'hardened' | 'kserve' | 'torchserve' | 'mlflow' | 'flask-debug' | 'quiet-open' | 'catch-all';

export interface LocalServer {
  /** Origin, e.g. http://127.0.0.1:40123 */
  origin: string;
  /** The URL an inventory would name for this server's model. */
  endpoint: string;
  /** Every request the server saw, with the headers it carried. */
  seen: { method: string; path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export const TOKEN = 'rampart-test-token';

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({ status, body, headers });
const NOT_FOUND = json(404, { error: 'not found' });

const TRACEBACK = `<!doctype html><title>KeyError // Werkzeug Debugger</title>
<pre>Traceback (most recent call last):
  File "/srv/app/serve.py", line 31, in predict
    features = np.asarray(payload["instances"], dtype=np.float32)
KeyError: 'instances'</pre><script src="/predict?__debugger__=yes&cmd=resource&f=debugger.js"></script>`;

function route(flavour: ServerFlavour, method: string, path: string, authorised: boolean): Reply {
  switch (flavour) {
    case 'hardened':
      if (!authorised) return json(401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
      return method === 'POST' && path === '/v2/models/fraud/infer' ? json(400, { error: 'invalid request' }) : NOT_FOUND;
    case 'kserve':
      if (path === '/v2') return json(200, { name: 'triton', version: '2.41.0', extensions: ['classification', 'model_repository'] });
      if (path === '/v2/health/ready') return json(200, {});
      if (path === '/v2/models') return json(200, { models: [{ name: 'fraud' }] });
      if (path === '/v2/models/fraud') return json(200, { name: 'fraud', versions: ['3'], platform: 'onnxruntime_onnx', inputs: [{ name: 'transaction', datatype: 'FP32', shape: [-1, 30] }], outputs: [{ name: 'fraud_probability', datatype: 'FP32', shape: [-1, 2] }] });
      if (path === '/v2/models/fraud/infer' && method === 'POST') return json(400, { error: 'onnxruntime 1.16.3: failed to parse request JSON: unexpected end of input' });
      return NOT_FOUND;
    case 'torchserve':
      if (path === '/models') return json(200, { models: [{ modelName: 'resnet', modelUrl: 'resnet-18.mar' }] });
      if (path === '/models/resnet') return json(200, [{ modelName: 'resnet', modelVersion: '1.0', modelUrl: 'resnet-18.mar', runtime: 'python', minWorkers: 1 }]);
      if (path === '/predictions/resnet' && method === 'POST') return json(503, { code: 503, type: 'InternalServerException', message: 'Prediction failed' });
      return NOT_FOUND;
    case 'mlflow':
      if (path === '/api/2.0/mlflow/registered-models/search' || path === '/ajax-api/2.0/mlflow/registered-models/search') {
        return json(200, { registered_models: [{ name: 'churn', latest_versions: [{ version: '4', source: 's3://models/churn/4' }] }] });
      }
      return NOT_FOUND;
    case 'flask-debug':
      if (path === '/predict' && method === 'POST') return { status: 500, body: TRACEBACK, headers: { 'content-type': 'text/html; charset=utf-8', server: 'Werkzeug/3.0.1 Python/3.11.4' } };
      return json(path === '/predict' ? 405 : 404, { error: 'method not allowed' }, { server: 'Werkzeug/3.0.1 Python/3.11.4' });
    case 'quiet-open':
      if (path === '/predict' && method === 'POST') return json(400, { error: 'bad request' });
      if (path === '/predict') return json(200, { status: 'ok' });
      return NOT_FOUND;
    case 'catch-all':
      // A single-page app behind a login: every GET gets the same HTML shell, the API wants a token.
      if (method === 'GET') return { status: 200, body: '<!doctype html><div id="app"></div>', headers: { 'content-type': 'text/html' } };
      return authorised ? json(200, { predictions: [0] }) : json(401, { error: 'unauthorized' });
  }
}

const ENDPOINT_PATH: Record<ServerFlavour, string> = {
  hardened: '/v2/models/fraud/infer',
  kserve: '/v2/models/fraud/infer',
  torchserve: '/predictions/resnet',
  mlflow: '/api/2.0/mlflow',
  'flask-debug': '/predict',
  'quiet-open': '/predict',
  'catch-all': '/api/predict',
};

/** Starts a model-server look-alike on 127.0.0.1 at an ephemeral port. */
export async function startServer(flavour: ServerFlavour): Promise<LocalServer> {
  const seen: LocalServer['seen'] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      seen.push({ method: req.method ?? 'GET', path, headers: req.headers });
      const reply = route(flavour, req.method ?? 'GET', path, req.headers.authorization === `Bearer ${TOKEN}`);
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    endpoint: `${origin}${ENDPOINT_PATH[flavour]}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
