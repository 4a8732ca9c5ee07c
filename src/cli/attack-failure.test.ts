import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { predictProba } from '../ml/network.ts';
import { argmax } from '../ml/vector.ts';
import { digitsFixture, type DigitsFixture } from '../targets/test-support/victims.ts';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-support/run-cli.ts';

// A victim that answers `good` calls, then fails the way real services do: the process dies (connections
// reset, then refused), every call gets a 500, or calls hang past the client's timeout.
type Failure = 'dies' | '5xx-storm' | 'hangs';

let fx: DigitsFixture;
let dir: string;
const open: { server: Server; sockets: Set<Socket> }[] = [];

async function failingVictim(good: number, failure: Failure): Promise<string> {
  let calls = 0;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (++calls > good) {
        if (failure === '5xx-storm') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('internal server error');
        if (failure === 'hangs') return;
        server.close();
        for (const s of sockets) s.destroy();
        return;
      }
      const inputs = (JSON.parse(body) as { inputs: number[][] }).inputs;
      const predictions = inputs.map((x) => {
        const p = predictProba(fx.victims.mlp, Float64Array.from(x));
        return { label: argmax(p), scores: Array.from(p) };
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ predictions }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ server, sockets });
  const file = join(dir, `victim-${open.length}.yaml`);
  const { port } = server.address() as AddressInfo;
  await writeFile(
    file,
    [
      'kind: http-json',
      'name: failing-victim',
      `url: http://127.0.0.1:${port}/predict`,
      'request: { template: { inputs: [] }, inputPath: inputs, maxBatch: 64 }',
      'response: { itemsPath: predictions, labelPath: label, scoresPath: scores }',
      'features: 64',
      'classes: 10',
      // Only a hanging victim is ever waited on; answered calls must not race the client's timeout on a loaded machine
      // (at load 35, 300 ms lost evasion's good calls before the victim failed).
      `timeoutMs: ${failure === 'hangs' ? 2_000 : 30_000}`,
      'retries: { max: 1, baseDelayMs: 1, maxDelayMs: 5 }',
    ].join('\n'),
  );
  return file;
}

beforeAll(async () => {
  fx = await digitsFixture();
  dir = await mkdtemp(join(tmpdir(), 'rampart-attack-failure-'));
  const rows = (xs: Float64Array[]): number[][] => xs.map((x) => Array.from(x));
  await writeFile(join(dir, 'evasion.json'), JSON.stringify({ inputs: rows(fx.test.x.slice(0, 6)) }));
  await writeFile(join(dir, 'extraction.json'), JSON.stringify({ inputs: rows([...fx.train.x.slice(0, 30), ...fx.test.x.slice(0, 60)]) }));
  const members = [...fx.train.x.slice(0, 10), ...fx.test.x.slice(0, 10)];
  await writeFile(join(dir, 'membership.json'), JSON.stringify({ inputs: rows(members), labels: [...fx.train.y.slice(0, 10), ...fx.test.y.slice(0, 10)], members: members.map((_, i) => i < 10) }));
  const params = { evasion: { queriesPerInput: 100, meaningfulDistance: 3 }, extraction: { queries: 90, rounds: 3, epochs: 20, surrogate: 'logistic-regression' }, membership: { noisyCopies: 4, signal: 'both' }, exposure: { burst: 20, parallel: 2 } };
  for (const [attack, p] of Object.entries(params)) await writeFile(join(dir, `${attack}-params.json`), JSON.stringify(p));
});

afterEach(() => {
  for (const { server, sockets } of open.splice(0)) {
    for (const s of sockets) s.destroy();
    server.close();
  }
});

interface Report {
  outcome: string;
  message: string;
  stopped?: string;
  summary?: { stopped?: string };
  inputs?: { skipped?: string; success: boolean; adversarial?: number[]; original: number }[];
  fidelityByRound?: unknown[];
  scoreBased?: unknown;
  output?: string;
}

const attacks = [
  // attack, calls answered before the failure, what the results so far must hold
  ['evasion', 3, (r: Report) => {
    const attacked = (r.inputs ?? []).filter((i) => i.skipped === undefined);
    expect(attacked.length).toBeGreaterThan(0);
    // Every input in flight keeps an adversarial, and it really is one.
    for (const input of attacked) {
      expect(input.success).toBe(true);
      expect(argmax(predictProba(fx.victims.mlp, Float64Array.from(input.adversarial ?? [])))).not.toBe(input.original);
    }
  }],
  ['extraction', 3, (r: Report) => expect(r.fidelityByRound?.length).toBeGreaterThanOrEqual(1)],
  ['membership', 2, (r: Report) => expect(r.scoreBased).toBeDefined()],
  ['exposure', 3, (r: Report) => expect(r.output).toBe('full-scores')],
] as const;
const failures: Failure[] = ['dies', '5xx-storm', 'hangs'];

describe('a target that fails mid-run', () => {
  it.each(attacks.flatMap(([attack, good, holds]) => failures.map((failure) => [attack, failure, good, holds] as const)))(
    '%s, target %s: outcome inconclusive, the JSON of the results so far printed, exit 2',
    async (attack, failure, good, holds) => {
      const target = await failingVictim(good, failure);
      const { code, stdout, stderr } = await runCli('attack', attack, '--target', target, '--params', join(dir, `${attack}-params.json`), ...(attack === 'exposure' ? [] : ['--inputs', join(dir, `${attack}.json`)]), ...(attack === 'extraction' ? ['--seeds', '30'] : []), '--format', 'json');
      expect(stdout, stderr).toMatch(/^\{/);
      const report = JSON.parse(stdout) as Report;
      expect(report.outcome).toBe('inconclusive');
      expect(report.summary?.stopped ?? report.stopped).toBe('target-error');
      expect(report.message).toMatch(/^The target failed before the attack finished; so far: /);
      holds(report);
      expect(code).toBe(EXIT.usage);
      expect(stderr).toMatch(/the results above are what was found before the target failed/);
    },
  );
});
