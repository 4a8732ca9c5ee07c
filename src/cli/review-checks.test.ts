import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-support/run-cli.ts';

let dir: string;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-unrunnable-'));
  await writeFile(
    join(dir, 'inventory.yaml'),
    `organisation: Test Bank
assets:
  - id: fraud-model
    name: Fraud scoring
    element: model
    kind: classifier
    endpoints:
      - { url: "http://127.0.0.1:${await closedPort()}/v2/models/fraud/infer", protocol: kserve-v2 }
`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('rampart review --checks on a target that does not answer', () => {
  it.each([
    { policy: [], code: EXIT.inconclusive, says: /error: 2 check run\(s\) could not run.*--unrunnable warn/ },
    { policy: ['--unrunnable', 'fail'], code: EXIT.inconclusive, says: /could not run/ },
    { policy: ['--unrunnable', 'warn'], code: EXIT.ok, says: /warning: 2 check run\(s\) could not run/ },
  ])('--unrunnable $policy → exit $code', async ({ policy, code, says }) => {
    const result = await runCli('review', dir, '--checks', 'inference-endpoint', '--no-store', '--no-write', ...policy);
    // Both endpoint checks (exposure, ml-services) plan a run on the endpoint; neither gets an answer.
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(/Checks: 0 ran, 2 could not run/);
    expect(result.stdout).toMatch(/could not +inference-endpoint\/exposure on fraud-model \(http:\/\/127\.0\.0\.1:\d+\/v2\/models\/fraud\/infer\): inconclusive: .*did not answer/);
    expect(result.stderr).toMatch(says);
  });
});
