import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkToOnnx } from '../ml/onnx/write-network.ts';
import { digitsFixture } from '../targets/test-support/victims.ts';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-support/run-cli.ts';

let dir: string;
beforeAll(async () => {
  const fx = await digitsFixture();
  dir = await mkdtemp(join(tmpdir(), 'rampart-attack-cli-'));
  await writeFile(join(dir, 'mlp.onnx'), networkToOnnx(fx.victims.mlp));
  await writeFile(join(dir, 'target.yaml'), 'kind: onnx\nname: digits-mlp\npath: mlp.onnx\nfeatures: 64\nbudget: 5000\n');
  await writeFile(join(dir, 'inputs.json'), JSON.stringify({ inputs: fx.test.x.slice(0, 4).map((x) => Array.from(x)), labels: fx.test.y.slice(0, 4) }));
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli(...args);
  return { code, out: stdout, err: stderr };
}

describe('rampart attack', () => {
  it('evasion --format json prints the documented contract and exits 1 when exploited', async () => {
    const params = join(dir, 'params.json');
    await writeFile(params, JSON.stringify({ meaningfulDistance: 3 }));
    const { code, out } = await run(['attack', 'evasion', '--target', join(dir, 'target.yaml'), '--inputs', join(dir, 'inputs.json'), '--queries-per-input', '120', '--params', params, '--format', 'json']);
    const report = JSON.parse(out) as { outcome: string; inputs: Record<string, unknown>[]; summary: Record<string, unknown> };
    expect(report.outcome).toBe('fail');
    expect(code).toBe(EXIT.findings);
    for (const key of ['index', 'success', 'queries', 'l2', 'linf']) expect(report.inputs[0]).toHaveProperty(key);
    for (const key of ['successRate', 'medianL2', 'medianQueries']) expect(report.summary).toHaveProperty(key);
  });

  it('exposure needs no inputs when the target declares its features', async () => {
    const { code, out } = await run(['attack', 'exposure', '--target', join(dir, 'target.yaml'), '--budget', '100']);
    expect(out).toMatch(/scores at full precision/);
    expect(code).toBe(EXIT.findings);
  });

  it('writes --query-log where the user stands, with --query-log-inputs what rampart monitor replays: the attack caught', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'rampart-attack-log-'));
    const log = relative(process.cwd(), join(elsewhere, 'queries.jsonl'));
    await run(['attack', 'evasion', '--target', join(dir, 'target.yaml'), '--inputs', join(dir, 'inputs.json'), '--queries-per-input', '150', '--query-log', log, '--query-log-inputs']);
    const first = JSON.parse((await readFile(join(elsewhere, 'queries.jsonl'), 'utf8')).split('\n')[0]!) as { x?: number[][]; scores?: number[][] };
    expect(first.x?.[0]).toHaveLength(64);
    const monitored = await runCli('monitor', join(elsewhere, 'queries.jsonl'), '--detectors', 'monitor/evasion-search');
    expect(monitored.code).toBe(EXIT.findings);
    expect(monitored.stdout).toMatch(/AML\.T0043\.001.*client digits-mlp \[monitor\/evasion-search\]/);
  });

  it.each([
    [['attack', 'evasion', '--target', 'nope.yaml', '--inputs', 'x.json'], /cannot read target file/],
    [['attack', 'evasion', '--target', '__TARGET__'], /needs --inputs/],
    [['attack', 'evasion', '--target', '__TARGET__', '--inputs', '__INPUTS__', '--budget', '-3'], /positive whole number/],
  ])('user errors exit 2 without a stack trace: %j', async (args, message) => {
    const resolved = args.map((a) => a.replace('__TARGET__', join(dir, 'target.yaml')).replace('__INPUTS__', join(dir, 'inputs.json')));
    const { code, err } = await run(resolved);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
