import { labConfigs, type LabConfig } from './lab-app.ts';
import { startLab, type LabServer } from './lab-server.ts';

/**
 * `npm run lab:llm`: starts the simulated support assistant on 127.0.0.1 in its three configurations — weak on
 * port 8787, filtered on 8788, hardened on 8789 (or from `--port N` up) — until Ctrl-C. A simulation for trying
 * Rampart without a model; real use is against the organisation's own endpoint.
 */
const portFlag = process.argv.indexOf('--port');
const base = portFlag >= 0 ? Number(process.argv[portFlag + 1]) : 8787;
const only = process.argv.slice(2).filter((a): a is LabConfig => (labConfigs as readonly string[]).includes(a));
const chosen = only.length > 0 ? only : labConfigs;

const labs: LabServer[] = [];
for (const config of chosen) {
  const lab = await startLab({ config, port: base + labConfigs.indexOf(config) });
  labs.push(lab);
  process.stdout.write(`${config.padEnd(9)} ${lab.url}/v1   target file: examples/llm-lab/targets/chat-${config}.yaml\n`);
}
process.stdout.write('A simulated LLM app (no model runs). Try: rampart attack llm --target examples/llm-lab/targets/chat-weak.yaml   Ctrl-C stops.\n');
process.once('SIGINT', () => {
  void Promise.all(labs.map((l) => l.close())).then(() => process.exit(0));
});
