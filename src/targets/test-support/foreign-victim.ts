import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Network } from '../../ml/network.ts';

/**
 * A victim served by a stack that shares no code with ours: test/fixtures/victims/serve.py (Python's
 * standard library and numpy). The tests export our trained networks to it as JSON and reach it only
 * through target files, as a reviewer would reach a stranger's API.
 */
export const serveScript = fileURLToPath(new URL('../../../test/fixtures/victims/serve.py', import.meta.url));

export type ForeignFlavour = 'full' | 'rounded' | 'top3' | 'labels';
export type ForeignFault = 'nan' | 'html' | 'error-500' | 'hang' | 'wrong-shape' | 'reset' | 'unknown-class';

export interface ForeignDeployment {
  name: string;
  /** Key into the `networks` given to `startForeignVictim`. */
  network: string;
  flavour: ForeignFlavour;
  /** `clock: 'retry-after'` refills only when a refused client waited as told: throttling by call order, not speed. */
  rateLimit?: { perSecond: number; burst: number; clock?: 'wall' | 'retry-after' };
  fault?: ForeignFault;
  /** Good calls before the fault starts, so an attack has found something by then. */
  faultAfter?: number;
  /** Every answer waits this long before it is sent: a server on a loaded machine, slow but answering. */
  delayMs?: number;
}

export interface ForeignVictim {
  url: string;
  /** What the server counted, per deployment: its own word, independent of Rampart's counters. */
  stats(): Promise<Record<string, { calls: number; instances: number; throttled: number; faulted: number }>>;
  close(): Promise<void>;
}

export const digitNames = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Fails loudly, never skips: CI has python3 with numpy, and a silent skip would hide the whole suite. */
export function requirePythonWithNumpy(python = process.env.RAMPART_PYTHON ?? 'python3'): string {
  const probe = spawnSync(python, ['-c', 'import numpy, sys; print(numpy.__version__, sys.version.split()[0])'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? (probe.error as NodeJS.ErrnoException).code : (probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`);
    throw new Error(`the foreign-stack tests need ${python} with numpy (set RAMPART_PYTHON to another interpreter): ${why}`);
  }
  return python;
}

export async function startForeignVictim(dir: string, networks: Record<string, Network>, deployments: ForeignDeployment[]): Promise<ForeignVictim> {
  const python = requirePythonWithNumpy();
  for (const [key, net] of Object.entries(networks)) {
    const layers = net.layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, weights: Array.from(l.weights), bias: Array.from(l.bias) }));
    await writeFile(join(dir, `${key}.weights.json`), JSON.stringify({ layers }));
  }
  const config = join(dir, `serve-${process.pid}-${Date.now()}.json`);
  await writeFile(config, JSON.stringify({ classNames: digitNames, deployments: deployments.map((d) => ({ ...d, weights: `${d.network}.weights.json` })) }));
  const child = spawn(python, [serveScript, config], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (c: Buffer) => stderr.push(c.toString()));
  const port = await readPort(child, stderr);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async stats() {
      const response = await fetch(`${url}/_stats`);
      return (await response.json()) as Awaited<ReturnType<ForeignVictim['stats']>>;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // Closing stdin asks the server to stop; the kill is for a server that does not listen.
        child.stdin?.end();
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }),
  };
}

function readPort(child: ChildProcess, stderr: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    // A bound against a server that never starts, not a speed limit: importing numpy took over 10 s at load 40.
    const timer = setTimeout(() => fail('no port within 180 s'), 180_000);
    function fail(why: string): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`serve.py did not start: ${why}\n${stderr.join('')}`));
    }
    child.once('exit', (code) => fail(`exited with ${code}`));
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const port = (JSON.parse(line) as { port?: number }).port;
      if (typeof port === 'number') resolve(port);
      else fail(`printed ${line}`);
    });
  });
}
