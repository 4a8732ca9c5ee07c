// Runs npm scripts at the same time and fails if any of them fails: `node scripts/run-together.mjs typecheck:root lint`.
// `npm test` checks types twice (root and web) and lints before vitest; each is one single-threaded process, so one
// after the other they leave a core of a 2-core CI machine idle for over a minute. Each script's output is held
// and printed whole when it ends, so two reports never interleave.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node scripts/run-together.mjs <npm script>...');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(script) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ script, code: 1, output: `${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ script, code: code ?? (signal ? 1 : 0), output: Buffer.concat(output).toString() }));
  });
}

const pending = new Map(scripts.map((script) => [script, run(script)]));
let failed = 0;
while (pending.size > 0) {
  const { script, code, output } = await Promise.race(pending.values());
  pending.delete(script);
  process.stdout.write(`> npm run ${script}: ${code === 0 ? 'ok' : `failed (exit ${code})`}\n${output}`);
  if (code !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
