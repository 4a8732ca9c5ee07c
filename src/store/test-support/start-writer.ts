import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

/**
 * Start crash-writer.ts on a store (a PGlite folder or a postgres:// URL); when it has frozen half-way through its
 * findings, inside the open transaction, kill it with SIGKILL (`kill`) or leave it frozen there (`hold`).
 */
export function startWriter(target: string, assets: number, mode: 'kill' | 'hold'): Promise<{ output: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, target, String(assets)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!/^frozen$/m.test(output)) return;
      if (mode === 'hold') resolve({ output, child });
      else child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ output, child }) : reject(new Error(`writer exited without being killed: ${output}${errors}`))));
  });
}
