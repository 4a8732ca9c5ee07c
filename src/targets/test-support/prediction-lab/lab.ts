import type { LabHttpServer } from './http-util.ts';
import { startKserveV2 } from './kserve-v2-server.ts';
import { trainLabModels, writeLabFiles } from './lab-models.ts';
import { startSklearnApi } from './sklearn-api.ts';

/** The lab's fixed ports (`npm run lab:predict`); tests pass 0 for free ones. */
export const LAB_PORTS = { sklearn: 8790, kserve: 8791 } as const;

export interface PredictionLab {
  sklearnUrl: string;
  kserveUrl: string;
  /** The files written for the example inventory: the ONNX model and one inputs file per attack. */
  files: Record<'onnx' | 'evasion' | 'extraction' | 'membership', string>;
  close(): Promise<void>;
}

export interface PredictionLabOptions {
  /** Where the ONNX file and the inputs files go. */
  dir: string;
  ports?: { sklearn: number; kserve: number };
  kserveRateLimit?: { perSecond: number; burst: number };
}

/**
 * Trains the victims (a few seconds), writes the ONNX file and inputs files, and starts the two servers on
 * 127.0.0.1. A simulation to try Rampart's prediction-API attacks on; real use is against the organisation's
 * own services.
 */
export async function startPredictionLab(options: PredictionLabOptions): Promise<PredictionLab> {
  const models = await trainLabModels();
  const files = (await writeLabFiles(models, options.dir)) as PredictionLab['files'];
  const ports = options.ports ?? LAB_PORTS;
  const servers: LabHttpServer[] = [];
  try {
    servers.push(await startSklearnApi(models.overfit, ports.sklearn));
    servers.push(await startKserveV2({ model: models.rounded, port: ports.kserve, name: 'digits', rateLimit: options.kserveRateLimit ?? { perSecond: 20, burst: 10 } }));
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }
  const [sklearn, kserve] = servers as [LabHttpServer, LabHttpServer];
  return { sklearnUrl: sklearn.url, kserveUrl: kserve.url, files, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}
