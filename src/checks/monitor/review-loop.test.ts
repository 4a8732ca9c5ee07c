import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EvasionParams, runEvasion } from '../../attacks/evasion.ts';
import { ExtractionParams, runExtraction } from '../../attacks/extraction.ts';
import { loadDigits, stratifiedSplit } from '../../ml/dataset.ts';
import { trainVictim } from '../../ml/victims.ts';
import type { Review } from '../../review/review.ts';
import { runReview } from '../../review/run-review.ts';
import { guardTarget } from '../../targets/guarded-target.ts';
import { localModelTransport } from '../../targets/local-model.ts';
import { fileQueryLog } from '../../targets/query-log.ts';

/**
 * Closing the loop: Rampart's own attacks, run against an in-process victim with `--query-log`-style logs,
 * are replayed through the monitor by `review --checks` on an `inference-logs` asset. A caught attack makes
 * its technique detected on the model that logs there; a missed one shows the claimed alerting failing.
 */
let review: Review;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-loop-'));
  const { train, test } = stratifiedSplit(await loadDigits(), 0.3, 1);
  const victim = trainVictim('logistic-regression', train, { epochs: 20 });
  // HopSkipJump with full logging: every input is in the log.
  const evasionLog = fileQueryLog(join(dir, 'hsj.jsonl'));
  await runEvasion(guardTarget('digits-api', localModelTransport(victim, 'labels'), { log: evasionLog, logInputs: true }), test.x.slice(0, 2), test.y.slice(0, 2), EvasionParams.parse({ queriesPerInput: 150, concurrency: 1 }));
  await evasionLog.close();
  // Extraction logged without inputs (the default): the detector cannot see what was asked.
  const extractionLog = fileQueryLog(join(dir, 'extraction.jsonl'));
  await runExtraction(guardTarget('digits-api', localModelTransport(victim, 'scores'), { log: extractionLog }), test.x.slice(0, 30), [], ExtractionParams.parse({ queries: 150, rounds: 2, epochs: 20 }));
  await extractionLog.close();
  await writeFile(
    join(dir, 'inventory.yaml'),
    `organisation: Loop Bank
assets:
  - id: digits-api
    name: Digits classifier
    element: model
    kind: classifier
    exposure: public
    authentication: api-key
    endpoints: [https://digits.example/predict]
    attributes: { returnsScores: true }
    relations: { logsTo: [digits-logs] }
  - id: digits-logs
    name: Inference logs of the digits API
    element: data
    kind: inference-logs
    logs:
      - { path: hsj.jsonl, mapping: rampart, expect: [AML.T0043.001] }
      - { path: extraction.jsonl, mapping: rampart, expect: [AML.T0024.002] }
controls:
  - control: inference-telemetry-alerting
    status: implemented
    scope: [digits-api]
    since: 2025-01-01
    lastVerified: 2025-02-01
    evidence: [{ description: alert rules on query patterns }]
`,
  );
  review = await runReview({ inventory: dir, reviewDate: new Date('2025-03-01'), checks: { only: ['monitor'] }, clock: () => new Date('2025-03-01T12:00:00Z') });
});

const finding = (technique: string) => review.findings.find((f) => f.assetId === 'digits-api' && f.techniqueId === technique);

describe('replayed attack logs as evidence of detection', () => {
  it.each([
    { check: 'monitor/evasion-search', outcome: 'pass', techniques: ['AML.T0043.001'] },
    { check: 'monitor/extraction', outcome: 'fail', techniques: ['AML.T0024.002'] },
  ])('$check: $outcome', ({ check, outcome, techniques }) => {
    const e = review.evidence.find((x) => x.checkId === check);
    expect(e?.outcome).toBe(outcome);
    expect(e?.techniques).toEqual(techniques);
    expect(e?.effect).toBe('detects');
    expect(e?.assets).toEqual(['digits-logs', 'digits-api']);
  });

  it('marks the caught technique detected on the model, with the detector in the trail', () => {
    const f = finding('AML.T0043.001');
    expect(f?.coverage).toBe('detected');
    expect(f?.trail.some((s) => s.kind === 'check' && s.check === 'monitor/evasion-search' && s.text.includes('detected the attack'))).toBe(true);
  });

  it('shows the claimed detective control failing where the replayed attack was missed', () => {
    const f = finding('AML.T0024.002');
    expect(f?.coverage).toBe('blind-spot');
    expect(f?.trail.some((s) => s.kind === 'note' && s.text.includes('inference-telemetry-alerting') && s.text.includes('missed the replayed attack'))).toBe(true);
    // Its log holds no inputs (the query log's default): the review says why the detector could not see it.
    expect(review.evidence.find((e) => e.checkId === 'monitor/extraction')?.summary).toMatch(/extraction\.jsonl \(no event carried input: the log does not record it, or its mapping misses it\)/);
    expect(f?.controls).toEqual([]);
  });

  it('never counts a missed detection as an exploit', () => {
    expect(review.findings.filter((f) => f.coverage === 'exploited')).toEqual([]);
  });
});
