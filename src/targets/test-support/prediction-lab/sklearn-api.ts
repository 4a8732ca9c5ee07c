import { predictProba, type Network } from '../../../ml/network.ts';
import { argmax } from '../../../ml/vector.ts';
import { rowsOf, sendJson, serveJson, type LabHttpServer } from './http-util.ts';

/**
 * A prediction API shaped like the Flask or FastAPI wrappers around a scikit-learn model: `POST /predict` with
 * `{"instances": [[64 pixels], …]}` answers parallel arrays, `{"predictions": [label, …], "probabilities":
 * [[10 scores], …]}` — `model.predict` and `model.predict_proba` side by side. Its weaknesses are the usual
 * ones: every score at full precision and no limit on how fast or how much anyone asks.
 */
export function startSklearnApi(model: Network, port: number): Promise<LabHttpServer> {
  const width = model.layers[0]?.inputs ?? 0;
  return serveJson(port, (req, body, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (req.method !== 'POST' || path !== '/predict') return sendJson(res, 404, { error: 'POST /predict with {"instances": [[…]]}' });
    const rows = rowsOf((body as { instances?: unknown } | undefined)?.instances, width, 'instances');
    if (typeof rows === 'string') return sendJson(res, 400, { error: rows });
    const probabilities = rows.map((row) => Array.from(predictProba(model, Float64Array.from(row))));
    sendJson(res, 200, { predictions: probabilities.map((p) => argmax(p)), probabilities });
  });
}
