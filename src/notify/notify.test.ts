import { createServer } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import type { Store } from '../store/connection.ts';
import { saveReview } from '../store/reviews.ts';
import { pgliteBackend } from '../store/test-support/backends.ts';
import { addWaiver } from '../store/waivers.ts';
import { listenLocal } from '../targets/test-support/listen-local.ts';
import type { SlackMessage } from './messages.ts';
import { notifyExpiringWaivers, notifyReview } from './notify.ts';
import { webhookSender } from './send.ts';
import { remindExpiringWaivers } from './waiver-reminders.ts';

const backend = pgliteBackend();
let store: Store;
let receiver: { url: string; close(): Promise<void> };
const received: SlackMessage[] = [];
let failNext = false;

beforeAll(async () => {
  store = await backend.fresh();
  // A Slack-compatible receiver on 127.0.0.1: keeps what it is sent, or answers 500 once when told to.
  receiver = await listenLocal(
    createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (failNext) {
          failNext = false;
          return response.writeHead(500).end();
        }
        received.push(JSON.parse(body) as SlackMessage);
        response.writeHead(200).end('ok');
      });
    }),
  );
});
afterAll(async () => {
  await receiver.close();
  await store.close();
  await backend.cleanup();
});

it('a review with new critical findings and regressions is announced once, in Slack-compatible JSON', async () => {
  const send = webhookSender(`${receiver.url}/hook`);
  const first = syntheticReview({ assets: 2, seed: 1, reviewDate: '2026-09-01', techniquesPerAsset: 5 });
  const quiet = first.findings.find((f) => f.coverage !== 'exploited' && f.risk.level !== 'critical');
  if (!quiet) throw new Error('fixture: no quiet finding');
  const second = syntheticReview({ assets: 2, seed: 1, reviewDate: '2026-12-01', techniquesPerAsset: 5, findings: { [quiet.id]: { coverage: 'exploited', score: 24.9 } } });
  const one = await saveReview(store, first, { runBy: 'ana' });
  const two = await saveReview(store, second, { runBy: 'ana' });

  const criticalAtFirst = first.findings.filter((f) => f.risk.level === 'critical').length;
  expect(await notifyReview(store, one.id, send)).toEqual(criticalAtFirst > 0 ? ['critical'] : []);
  received.splice(0);
  expect(await notifyReview(store, two.id, send)).toEqual(['critical', 'regressions']);
  expect(received.map((m) => m.text)).toEqual([`Synthetic Org: 1 new critical finding in review ${two.id}`, `Synthetic Org: 1 finding regressed in review ${two.id}`]);
  expect(received[0]?.blocks[1]?.text.text).toContain(`*${quiet.assetId}* · ${quiet.techniqueId} · exploited`);
  // Told again (a second server, a retried job): nothing is sent twice.
  expect(await notifyReview(store, two.id, send)).toEqual([]);
  expect(received).toHaveLength(2);
});

it('waivers about to expire are announced once; a failed send is tried again next time', async () => {
  const send = webhookSender(`${receiver.url}/hook`);
  received.splice(0);
  const base = { organisation: 'Synthetic Org', justification: 'compensating control', approver: 'ciso', createdBy: 'ana' };
  await addWaiver(store, { ...base, findingId: 'asset-00000/AML.T0001', expires: '2026-12-10' });
  await addWaiver(store, { ...base, findingId: 'asset-00000/AML.T0002', expires: '2027-06-01' });
  await addWaiver(store, { ...base, findingId: 'asset-00000/AML.T0003', expires: '2026-11-30' });
  const now = new Date('2026-12-05T09:00:00Z');
  failNext = true;
  await expect(notifyExpiringWaivers(store, send, { now })).rejects.toThrow(/answered 500/);
  expect(await notifyExpiringWaivers(store, send, { now })).toBe(1);
  expect(received.map((m) => m.text)).toEqual(['Synthetic Org: 1 waiver expires within 14 days']);
  expect(received[0]?.blocks[1]?.text.text).toBe('• *asset-00000/AML.T0001* expires 2026-12-10 (approved by ciso)');
  expect(await notifyExpiringWaivers(store, send, { now })).toBe(0);
});

it('the server reminds of expiring waivers when it starts, once per set of them', async () => {
  received.splice(0);
  const base = { organisation: 'Synthetic Org', justification: 'compensating control', approver: 'ciso', createdBy: 'ana' };
  await addWaiver(store, { ...base, findingId: 'asset-00001/AML.T0001', expires: '2026-12-12' });
  const clock = () => new Date('2026-12-05T09:00:00Z');
  const started = remindExpiringWaivers(store, `${receiver.url}/hook`, { clock });
  await started.first;
  await started.stop();
  expect(received.map((m) => m.text)).toEqual(['Synthetic Org: 2 waivers expire within 14 days']);
  // A restart (or a second server) looks again and finds nothing new to say.
  const again = remindExpiringWaivers(store, `${receiver.url}/hook`, { clock });
  await again.first;
  await again.stop();
  expect(received).toHaveLength(1);
});
