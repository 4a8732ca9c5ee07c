import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand } from '../../cli/test-support/cli-command.ts';
import { listenLocal } from '../../targets/test-support/listen-local.ts';

/**
 * A model server on 127.0.0.1 for the worker tests. It answers every request at once (404, as a server without the
 * probed routes does), except the first request for /held/…: that one is kept open, never answered, and announced,
 * so a test can kill the worker that sent it while its check job is mid-attack.
 */
export async function modelServer(): Promise<{ url: string; held: Promise<void>; close(): Promise<void> }> {
  let announce = () => undefined as void;
  const held = new Promise<void>((resolve) => (announce = resolve));
  let holding = false;
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/held/') && !holding) {
      holding = true;
      announce();
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  const listening = await listenLocal(server);
  return { url: listening.url, held, close: listening.close };
}

/** An inventory of `count` models behind the server, the last one's endpoint under /held/; each names one cheap exposure probe. */
export async function campaignInventory(serverUrl: string, count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-campaign-'));
  const assets = Array.from({ length: count }, (_, i) => {
    const path = i === count - 1 ? 'held' : `m${i}`;
    return `  - id: model-${i}
    name: Model ${i}
    element: model
    kind: classifier
    owner: ml
    exposure: internal
    authentication: none
    endpoints:
      - url: ${serverUrl}/${path}/predict
        protocol: http-json
        checks:
          inference-endpoint/exposure: { routes: [kserve-v2], malformedInput: false, maxRequests: 3 }`;
  });
  await writeFile(join(dir, 'inventory.yaml'), `organisation: Worker test\nassets:\n${assets.join('\n')}\n`);
  return dir;
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `rampart worker` as a real process on the store at `url`. */
export function startWorker(url: string, args: readonly string[]): WorkerProcess {
  const child = spawn(process.execPath, [...cliCommand(), 'worker', '--store', url, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}
