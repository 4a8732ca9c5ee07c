import { relative, resolve } from 'node:path';
import { startPredictionLab } from './lab.ts';

/**
 * `npm run lab:predict`: trains the lab's victims, writes examples/prediction-lab/generated/ (the ONNX model
 * and the inputs files) and serves a scikit-learn-shaped JSON API on 127.0.0.1:8790 and a KServe v2 server on
 * 127.0.0.1:8791 until Ctrl-C. A simulation for trying Rampart's prediction-API attacks without a model server.
 */
const root = resolve(import.meta.dirname, '../../../..');
const dir = resolve(root, 'examples/prediction-lab/generated');
process.stdout.write('Training the lab victims (a few seconds)…\n');
const lab = await startPredictionLab({ dir });
const show = (path: string): string => relative(process.cwd(), path) || '.';
process.stdout.write(
  [
    `scikit-learn-shaped API  POST ${lab.sklearnUrl}/predict          target file: examples/prediction-lab/targets/sklearn-api.yaml`,
    `KServe v2 server         POST ${lab.kserveUrl}/v2/models/digits/infer  target file: examples/prediction-lab/targets/kserve-v2.yaml`,
    `ONNX file                ${show(lab.files.onnx)}  target file: examples/prediction-lab/targets/digits-onnx.yaml`,
    `inputs                   ${show(lab.files.evasion)}, ${show(lab.files.extraction)}, ${show(lab.files.membership)}`,
    'Try: rampart attack exposure --target examples/prediction-lab/targets/sklearn-api.yaml',
    '     rampart review examples/prediction-lab --checks prediction-api        Ctrl-C stops.',
    '',
  ].join('\n'),
);
process.once('SIGINT', () => {
  void lab.close().then(() => process.exit(0));
});
