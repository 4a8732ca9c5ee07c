import { describe, expect, it } from 'vitest';
import type { FormatContext } from './format-context.ts';
import { aReview } from './interchange-fixture.ts';
import { ocsfValidator } from './interchange-schemas.ts';
import { renderOcsf } from './ocsf.ts';

interface Attack { technique: { uid: string; name: string }; sub_technique?: { uid: string }; tactic: { uid: string; name: string }; version: string }
interface Event {
  class_uid: number; activity_id: number; type_uid: number; severity_id: number; status_id: number; time: number;
  finding_info: { uid: string; attacks: Attack[] }; compliance: { status_id: number; control: string };
  resources: { uid: string; name: string }[]; metadata: { version: string; product: { name: string } };
}

const context: FormatContext = {
  waivers: [{ findingId: 'fraud-model/AML.T0024', justification: 'accepted', approver: 'ciso', expires: '2027-01-01', expired: false }],
  baseline: new Map([['chatbot/AML.T0051', 'unchanged']]),
};
const events = JSON.parse(await renderOcsf(aReview(), context)) as Event[];
const event = (id: string) => events.find((e) => e.finding_info.uid === id);

describe('renderOcsf', () => {
  const validate = ocsfValidator();

  it('is one schema-valid Compliance Finding per finding', () => {
    expect(events).toHaveLength(aReview().findings.length);
    expect(validate(events), JSON.stringify(validate.errors)).toBe(true);
    expect(validate([{ ...events[0], type_uid: 200302 }])).toBe(false);
  });

  it('puts the ATLAS technique, tactic and version in finding_info.attacks', () => {
    expect(event('chatbot/AML.T0051')?.finding_info.attacks).toEqual([
      { technique: expect.objectContaining({ uid: 'AML.T0051', name: 'LLM Prompt Injection' }) as unknown, tactic: { uid: 'AML.TA0005', name: 'Execution' }, version: '5.6.0' },
      { technique: expect.objectContaining({ uid: 'AML.T0051' }) as unknown, tactic: { uid: 'AML.TA0007', name: 'Defense Evasion' }, version: '5.6.0' },
    ]);
    const sub = event('fraud-model/AML.T0010.001')?.finding_info.attacks[0];
    expect(sub?.technique.uid).toBe('AML.T0010');
    expect(sub?.sub_technique?.uid).toBe('AML.T0010.001');
  });

  it.each([
    ['fraud-model/AML.T0024', 1, 200301, 5, 3, 3], // new, critical, suppressed by waiver, compliance fail
    ['chatbot/AML.T0051', 2, 200302, 4, 1, 3], // seen before → update; high; exploited → fail
    ['chatbot/AML.T0024', 1, 200301, 2, 1, 1], // prevented → pass
  ])('%s: activity %i, type %i, severity %i, status %i, compliance %i', (id, activity, type, severity, status, compliance) => {
    const e = event(id);
    expect([e?.activity_id, e?.type_uid, e?.severity_id, e?.status_id, e?.compliance.status_id]).toEqual([activity, type, severity, status, compliance]);
  });

  it('describes the asset as the resource and stamps time in epoch milliseconds', () => {
    const e = event('fraud-model/AML.T0024');
    expect(e?.resources[0]).toMatchObject({ uid: 'fraud-model', name: aReview().assets[0]?.name });
    expect(e?.time).toBe(Date.parse('2026-10-15T09:30:00.000Z'));
    expect(e?.class_uid).toBe(2003);
  });
});
