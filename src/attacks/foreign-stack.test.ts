import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT } from '../cli/exit-codes.ts';
import { runCli } from '../cli/test-support/run-cli.ts';
import { predictProba } from '../ml/network.ts';
import { argmax, type Vector } from '../ml/vector.ts';
import { guardTarget } from '../targets/guarded-target.ts';
import { localModelTransport } from '../targets/local-model.ts';
import { digitNames, requirePythonWithNumpy, startForeignVictim, type ForeignDeployment, type ForeignFault, type ForeignFlavour, type ForeignVictim } from '../targets/test-support/foreign-victim.ts';
import { digitsFixture, type DigitsFixture } from '../targets/test-support/victims.ts';
import { EvasionParams, runEvasion } from './evasion.ts';
import { ExtractionParams, runExtraction } from './extraction.ts';

/**
 * The attacks against victims served by a stack we did not write (test/fixtures/victims/serve.py: Python's
 * standard library + numpy), reached only through target files and the CLI, in every output flavour, with
 * and without rate limits, and lying in every way the README promises to name. Figures are compared with
 * the same attacks on the same networks in-process.
 */

type Api = 'json' | 'kserve';
const flavours: ForeignFlavour[] = ['full', 'rounded', 'top3', 'labels'];
const faults: ForeignFault[] = ['nan', 'html', 'error-500', 'hang', 'wrong-shape', 'reset', 'unknown-class'];
/** Good calls a lying deployment answers before it starts lying, so the attack has found something. */
const FAULT_AFTER = 60;

const deployments: ForeignDeployment[] = [
  ...flavours.map((flavour) => ({ name: `mlp-${flavour}`, network: 'mlp', flavour })),
  // Throttled by call order, not speed (see serve.py): a loaded machine gets the same refusals as a quiet one.
  { name: 'mlp-full-limited', network: 'mlp', flavour: 'full', rateLimit: { perSecond: 5, burst: 10, clock: 'retry-after' } },
  { name: 'mlp-labels-limited', network: 'mlp', flavour: 'labels', rateLimit: { perSecond: 5, burst: 10, clock: 'retry-after' } },
  { name: 'mlp-labels-busy', network: 'mlp', flavour: 'labels', rateLimit: { perSecond: 120, burst: 20 } },
  { name: 'mlp-labels-strict', network: 'mlp', flavour: 'labels', rateLimit: { perSecond: 40, burst: 40, clock: 'retry-after' } },
  { name: 'lying-late-extraction', network: 'mlp', flavour: 'full', fault: 'html', faultAfter: 5 },
  { name: 'mlp-labels-budget', network: 'mlp', flavour: 'labels' },
  { name: 'mlp-hang-late', network: 'mlp', flavour: 'labels', fault: 'hang', faultAfter: 40 },
  // Answers every call, 2.5 s late: what a loaded machine looked like when the target files allowed 2 s.
  { name: 'mlp-full-slow', network: 'mlp', flavour: 'full', delayMs: 2500 },
  ...faults.flatMap((fault) => (['json', 'kserve'] as const).map((api) => ({ name: `lying-${fault}-${api}`, network: 'mlp', flavour: 'full' as const, fault, faultAfter: FAULT_AFTER }))),
];

let fx: DigitsFixture;
let dir: string;
let victim: ForeignVictim;
/** Test inputs the victim classifies correctly: what evasion attacks. */
let attacked: { inputs: number[][]; labels: number[] };

beforeAll(async () => {
  requirePythonWithNumpy();
  fx = await digitsFixture();
  dir = await mkdtemp(join(tmpdir(), 'rampart-foreign-'));
  victim = await startForeignVictim(dir, { mlp: fx.victims.mlp }, deployments);
  const net = fx.victims.mlp;
  const idx = fx.test.x.map((_, i) => i).filter((i) => argmax(predictProba(net, fx.test.x[i] as Vector)) === fx.test.y[i]).slice(0, 8);
  attacked = { inputs: idx.map((i) => Array.from(fx.test.x[i] as Vector)), labels: idx.map((i) => fx.test.y[i] as number) };
  await writeFile(join(dir, 'evasion-inputs.json'), JSON.stringify(attacked));
  // Extraction: 60 training rows as seeds, then 150 held-out test rows.
  await writeFile(join(dir, 'extraction-inputs.json'), JSON.stringify({ inputs: [...fx.train.x.slice(0, 60), ...fx.test.x.slice(0, 150)].map((x) => Array.from(x)) }));
});
afterAll(async () => victim?.close());

/**
 * A target file for one deployment, as a reviewer would write it from the API's documentation. A server that
 * answers gets 30 s: at load 38 the Python server took over 2 s for a call of the exposure burst, the burst
 * stopped on the timeout and `json mlp-full` exited 2 (target error) instead of 1. Only the deployments that
 * never answer are given short timeouts, by the tests that use them.
 */
async function targetFile(api: Api, deployment: string, flavour: ForeignFlavour, extra: Record<string, unknown> = {}): Promise<string> {
  const common = { name: deployment.endsWith(api) ? deployment : `${deployment}-${api}`, features: 64, classes: 10, timeoutMs: 30_000, retries: { max: 2, baseDelayMs: 20, maxDelayMs: 2000 } };
  const spec =
    api === 'json'
      ? {
          kind: 'http-json',
          url: `${victim.url}/v1/models/${deployment}:predict`,
          request: { template: { signature_name: 'serving_default', data: { instances: [] } }, inputPath: 'data.instances', maxBatch: 64 },
          response: { itemsPath: 'result.predictions', labelPath: 'class', ...(flavour === 'labels' ? {} : { scoresPath: 'probabilities' }), classNames: digitNames },
          ...common,
        }
      : {
          kind: 'kserve-v2',
          url: victim.url,
          model: deployment,
          inputName: 'pixels',
          datatype: 'FP64',
          labelOutput: 'predicted_class',
          ...(flavour === 'labels' ? {} : { scoresOutput: 'class_probabilities' }),
          maxBatch: 64,
          ...common,
        };
  const file = join(dir, `${deployment}-${api}.yaml`);
  await writeFile(file, stringify({ ...spec, ...extra }));
  return file;
}

async function params(name: string, value: Record<string, unknown>): Promise<string> {
  const file = join(dir, `${name}.params.json`);
  await writeFile(file, JSON.stringify(value));
  return file;
}

interface Run {
  code: number;
  err: string;
  report: Record<string, unknown> & { outcome: string; target: { name: string; queries: number; calls: number; throttled: number; retries: number } };
  seconds: number;
}

/** `rampart attack …` in-process, as the CLI runs it; stdout must be the JSON report. */
async function rampart(...args: string[]): Promise<Run> {
  const started = performance.now();
  const { code, stdout, stderr } = await runCli('attack', ...args, '--format', 'json');
  let report: Run['report'];
  try {
    report = JSON.parse(stdout) as Run['report'];
  } catch {
    throw new Error(`rampart ${args.join(' ')} printed no JSON (exit ${code}):\n${stdout}\n${stderr}`);
  }
  return { code, err: stderr, report, seconds: (performance.now() - started) / 1000 };
}

/** A run that stops before it has a report (the target failed on its first call). */
async function rampartFails(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli('attack', ...args, '--format', 'json');
  return { code, out: stdout, err: stderr };
}

describe('exposure tells every foreign flavour apart, and sees the rate limit', () => {
  const cases = (['json', 'kserve'] as const).flatMap((api) => [
    ...flavours.map((flavour) => ({ api, deployment: `mlp-${flavour}`, flavour, limited: false })),
    { api, deployment: api === 'json' ? 'mlp-full-limited' : 'mlp-labels-limited', flavour: (api === 'json' ? 'full' : 'labels') as ForeignFlavour, limited: true },
  ]);
  const expected = { full: ['full-scores', undefined, undefined], rounded: ['rounded-scores', 2, undefined], top3: ['top-k', undefined, 3], labels: ['labels-only', undefined, undefined] } as const;

  it.each(cases)('$api $deployment', async ({ api, deployment, flavour, limited }) => {
    const p = await params('exposure', { burst: 30 });
    const { code, report } = await rampart('exposure', '--target', await targetFile(api, deployment, flavour), '--budget', '100', '--params', p);
    const [output, decimals, topK] = expected[flavour];
    expect(report).toMatchObject({ output, rateLimited: limited });
    expect(report.decimals).toBe(decimals);
    expect(report.topK).toBe(topK);
    const obfuscated = flavour !== 'full';
    expect(report.mitigations).toEqual({ 'AML.M0002': obfuscated ? 'effective' : 'absent', 'AML.M0004': limited ? 'effective' : 'absent' });
    if (limited) expect((report.burst as { firstRefusedAt: number }).firstRefusedAt).toBeLessThanOrEqual(20);
    expect(code).toBe(obfuscated && limited ? EXIT.ok : EXIT.findings);
  });

  it('a server that answers slowly is read, not reported as failing', async () => {
    const p = await params('exposure-slow', { burst: 4, parallel: 4, samples: 2 });
    const { code, report, err } = await rampart('exposure', '--target', await targetFile('json', 'mlp-full-slow', 'full'), '--budget', '20', '--params', p);
    expect(err).toBe('');
    expect(report).toMatchObject({ output: 'full-scores', rateLimited: false, burst: { answered: 4, otherErrors: 0 } });
    expect(report.stopped).toBeUndefined();
    expect(code).toBe(EXIT.findings);
  });

  it('a second run straight after the first still reads the output, although the server is throttling', async () => {
    const target = await targetFile('kserve', 'mlp-labels-limited', 'labels', { name: 'again' });
    const p = await params('exposure-again', { burst: 15 });
    await rampart('exposure', '--target', target, '--budget', '100', '--params', p);
    const { code, report, err } = await rampart('exposure', '--target', target, '--budget', '100', '--params', p);
    expect(err).toBe('');
    expect(report).toMatchObject({ output: 'labels-only', rateLimited: true });
    expect(code).toBe(EXIT.ok);
  });
});

describe('evasion figures hold on the foreign stack', () => {
  const queriesPerInput = 300;
  let reference: number;
  beforeAll(async () => {
    const local = guardTarget('in-process', localModelTransport(fx.victims.mlp, 'labels'));
    const xs = attacked.inputs.map((x) => Float64Array.from(x));
    const { summary } = await runEvasion(local, xs, attacked.labels, EvasionParams.parse({ queriesPerInput }));
    reference = summary.medianL2 as number;
  });

  it.each([
    ['json', 'mlp-full', 'full', {}],
    ['kserve', 'mlp-labels', 'labels', {}],
    // The server allows 120 calls/s with bursts of 20; the target file keeps us under it.
    ['kserve', 'mlp-labels-busy', 'labels', { rateLimit: { perSecond: 100, burst: 10 } }],
    // No client-side limit: the server's 429s and Retry-After pace the attack instead.
    ['json', 'mlp-labels-strict', 'labels', { retries: { max: 3, baseDelayMs: 20, maxDelayMs: 2000 } }],
  ] as const)('hop-skip-jump via %s on %s', async (api, deployment, flavour, extra) => {
    const target = await targetFile(api, deployment, flavour, extra);
    const p = await params('evasion', { meaningfulDistance: 3 });
    const { code, report } = await rampart('evasion', '--target', target, '--inputs', join(dir, 'evasion-inputs.json'), '--queries-per-input', String(queriesPerInput), '--params', p);
    const summary = report.summary as { successRate: number; medianL2: number; totalQueries: number };
    expect(code).toBe(EXIT.findings);
    expect(summary.successRate).toBe(1);
    // Same attack, same seed, same network: only float rounding differs between numpy and our forward pass.
    expect(summary.medianL2).toBeGreaterThan(reference * 0.85);
    expect(summary.medianL2).toBeLessThan(reference * 1.15);
    const throttled = report.target.throttled;
    if (deployment === 'mlp-labels-strict') expect(throttled).toBeGreaterThan(0);
    else expect(throttled).toBe(0);
    // Refused calls count against the budget too: the API saw them.
    expect(report.target.queries - summary.totalQueries).toBeLessThanOrEqual(throttled * 64);
  });

  it('simba on full scores through KServe', async () => {
    const target = await targetFile('kserve', 'mlp-full', 'full');
    const { report } = await rampart('evasion', '--target', target, '--inputs', join(dir, 'evasion-inputs.json'), '--queries-per-input', '300', '--method', 'simba');
    expect((report.summary as { successRate: number }).successRate).toBeGreaterThan(0.5);
  });
});

describe('extraction fidelity holds on the foreign stack', () => {
  const settings = { queries: 200, rounds: 2, epochs: 60, surrogate: 'logistic-regression' };
  const reference: Record<'scores' | 'labels', number> = { scores: 0, labels: 0 };
  beforeAll(async () => {
    const seeds = fx.train.x.slice(0, 60);
    const heldOut = fx.test.x.slice(0, 150);
    for (const output of ['scores', 'labels'] as const) {
      const local = guardTarget('in-process', localModelTransport(fx.victims.mlp, output));
      reference[output] = (await runExtraction(local, seeds, heldOut, ExtractionParams.parse(settings))).fidelity as number;
    }
  });

  it.each([
    ['json', 'mlp-full', 'full', 'scores'],
    ['kserve', 'mlp-rounded', 'rounded', 'scores'],
    ['json', 'mlp-top3', 'top3', 'labels'],
    ['kserve', 'mlp-labels', 'labels', 'labels'],
  ] as const)('via %s on %s (learns from %s)', async (api, deployment, flavour, learnedFrom) => {
    const p = await params('extraction', settings);
    const { report } = await rampart('extraction', '--target', await targetFile(api, deployment, flavour), '--inputs', join(dir, 'extraction-inputs.json'), '--seeds', '60', '--params', p);
    if (flavour !== 'top3') expect(report.learnedFrom).toBe(learnedFrom);
    expect(report.attackQueries).toBe(200);
    expect(report.fidelity).toBeGreaterThan(0.8);
    expect(report.fidelity).toBeGreaterThan(reference[learnedFrom] - 0.05);
  });
});

describe('a foreign target that lies gets a clear error naming it and the query; results so far are written', () => {
  const problems: Record<ForeignFault, Record<Api, RegExp>> = {
    nan: { json: /not valid JSON: it holds a bare NaN/, kserve: /not valid JSON: it holds a bare NaN/ },
    html: { json: /answer is not JSON \(text\/html/, kserve: /answer is not JSON \(text\/html/ },
    'error-500': { json: /HTTP 500: "Traceback.*gave up after 3 attempts/, kserve: /HTTP 500: "Traceback.*gave up after 3 attempts/ },
    hang: { json: /no answer within 2000 ms \(gave up after 2 attempts\)/, kserve: /no answer within 2000 ms \(gave up after 2 attempts\)/ },
    'wrong-shape': { json: /expected \d+ prediction\(s\), got \d+/, kserve: /output "\w+" has \d+ values for shape \[\d+,\d+\]/ },
    reset: { json: /network error/, kserve: /network error/ },
    'unknown-class': { json: /no class label at "class" \(got "eleven"\)/, kserve: /label 11 is not a class index below 10/ },
  };

  it.each(faults.flatMap((fault) => (['json', 'kserve'] as const).map((api) => ({ fault, api }))))('$fault over $api', async ({ fault, api }) => {
    const deployment = `lying-${fault}-${api}`;
    const patience = fault === 'hang' ? { timeoutMs: 2000, retries: { max: 1, baseDelayMs: 10 } } : { retries: { max: 2, baseDelayMs: 10 } };
    const target = await targetFile(api, deployment, 'full', patience);
    const out = join(dir, `${deployment}.out.json`);
    const { code, err, report } = await rampart('evasion', '--target', target, '--inputs', join(dir, 'evasion-inputs.json'), '--queries-per-input', '200', '--out', out);
    expect(code).toBe(EXIT.usage);
    const url = api === 'json' ? `${victim.url}/v1/models/${deployment}:predict` : `${victim.url}/v2/models/${deployment}/infer`;
    const line = err.split('\n')[0] as string;
    expect(line).toContain(`target "${deployment}" (POST ${url}), quer`);
    expect(line).toMatch(/quer(y|ies) #\d+(–\d+)?: /);
    expect(line).toMatch(problems[fault][api]);
    expect(err).not.toMatch(/\n\s+at /);
    const written = JSON.parse(await readFile(out, 'utf8')) as typeof report;
    expect(written).toEqual(report);
    const summary = report.summary as { stopped: string; stoppedBy: string; attacked: number };
    expect(summary.stopped).toBe('target-error');
    expect(summary.attacked).toBeGreaterThan(0);
    // Every input the API labelled before it started lying is in the report, with what the attack had found.
    const inputs = report.inputs as { original: number; success: boolean; adversarial?: number[] }[];
    expect(inputs.every((r) => r.original >= 0)).toBe(true);
    expect(inputs.filter((r) => r.success && r.adversarial?.length === 64).length).toBeGreaterThan(0);
  });
});

describe('a target file that does not fit the API gets an error that says what to change', () => {
  it.each([
    ['json', 'mlp-labels', { response: { itemsPath: 'result.predictions', labelPath: 'class', scoresPath: 'probabilities', classNames: digitNames } }, /no scores at "probabilities" \(got nothing\); if the API returns labels only, drop scoresPath/],
    ['json', 'mlp-full', { response: { itemsPath: 'result.predictions', labelPath: 'class', scoresPath: 'probabilities' } }, /score for unknown class "zero"; scores keyed by class name need "classNames"/],
    ['kserve', 'mlp-full', { datatype: 'FP32' }, /HTTP 400: .*expects 'FP64'/],
    ['kserve', 'mlp-full', { scoresOutput: 'probabilities' }, /no output named "probabilities" \(has predicted_class, class_probabilities\)/],
  ] as const)('%s %s with %j', async (api, deployment, extra, message) => {
    const target = await targetFile(api, deployment, 'full', { ...extra, name: 'misfit' });
    const { code, err } = await rampartFails('exposure', '--target', target, '--budget', '50');
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/target "misfit" \(POST .*\), queries #1–8: /);
    expect(err).toMatch(message);
  });
});

describe('extraction against a target that starts lying keeps the fidelity it measured', () => {
  it('html after 5 calls', async () => {
    const out = join(dir, 'extraction-lying.out.json');
    const p = await params('extraction-lying', { queries: 200, rounds: 2, epochs: 60, surrogate: 'logistic-regression' });
    const { code, err, report } = await rampart('extraction', '--target', await targetFile('json', 'lying-late-extraction', 'full'), '--inputs', join(dir, 'extraction-inputs.json'), '--seeds', '60', '--params', p, '--out', out);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/^error: target "lying-late-extraction-json" \(POST \S+\), queries #\d+–\d+: answer is not JSON \(text\/html/);
    expect(report).toMatchObject({ stopped: 'target-error', seeds: 60 });
    expect(report.fidelity).toBeGreaterThan(0.5);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(report);
  }, 900_000);
});

describe('budget and time hold against the foreign stack', () => {
  it('stops at --budget, by the server’s own count', async () => {
    const target = await targetFile('json', 'mlp-labels-budget', 'labels');
    const { report } = await rampart('evasion', '--target', target, '--inputs', join(dir, 'evasion-inputs.json'), '--queries-per-input', '300', '--budget', '150');
    expect((report.summary as { stopped: string }).stopped).toBe('budget');
    expect(report.target.queries).toBeLessThanOrEqual(150);
    expect((await victim.stats())['mlp-labels-budget']?.instances).toBeLessThanOrEqual(150);
  });

  it('stops near --max-seconds when the target hangs mid-run with a long timeout, and keeps what it found', async () => {
    // The server never answers once it hangs; the target would wait 10 minutes. Stopping at half that is the
    // deadline's doing, however loaded the machine. --max-seconds is the user's wall-clock deadline, so it must
    // leave time for the 40 good calls at load 50: 30 s of waiting, not of CPU (10 s was tight at load 40).
    const target = await targetFile('kserve', 'mlp-hang-late', 'labels', { timeoutMs: 600_000 });
    const out = join(dir, 'hang-late.out.json');
    const { code, report, seconds } = await rampart('evasion', '--target', target, '--inputs', join(dir, 'evasion-inputs.json'), '--queries-per-input', '300', '--max-seconds', '30', '--out', out);
    expect(seconds).toBeLessThan(300);
    const summary = report.summary as { stopped: string; successRate: number };
    expect(summary.stopped).toBe('deadline');
    expect(summary.successRate).toBeGreaterThan(0);
    // No meaningful distance declared: found evasions, no verdict — and not a target error.
    expect(code).toBe(EXIT.inconclusive);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(report);
  }, 900_000);
});
