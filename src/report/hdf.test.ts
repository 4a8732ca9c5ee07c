import { describe, expect, it } from 'vitest';
import type { FormatContext } from './format-context.ts';
import { renderHdf } from './hdf.ts';
import { aReview } from './interchange-fixture.ts';
import { hdfValidator } from './interchange-schemas.ts';

interface Control { id: string; impact: number; tags: { atlas: string[] }; results: { status: string; skip_message?: string }[]; waiver_data?: Record<string, unknown>; source_location: { ref: string; line: number | null } }
interface Hdf { platform: { name: string; release: string }; version: string; statistics: { controls: Record<string, { total: number }> }; profiles: { controls: Control[]; groups: { id: string; controls: string[] }[]; sha256: string }[] }

const context: FormatContext = {
  waivers: [
    { findingId: 'fraud-model/AML.T0020', justification: 'compensating review', approver: 'ciso', expires: '2027-01-31', expired: false },
    { findingId: 'fraud-model/AML.T0024', justification: 'old', approver: 'cto', expires: '2026-01-01', expired: true },
  ],
};
const hdf = JSON.parse(await renderHdf(aReview(), context)) as Hdf;
const control = (id: string) => hdf.profiles[0]?.controls.find((c) => c.id === id);

describe('renderHdf', () => {
  const validate = hdfValidator();

  it('is valid against the heimdall2 exec-json schema', () => {
    expect(validate(hdf), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...hdf, profiles: [{ ...hdf.profiles[0], controls: [{ ...control('AML.T0024@fraud-model'), impact: 2 }] }] })).toBe(false);
  });

  it('has one control per technique × asset with impact from risk and ATLAS tags', () => {
    expect(hdf.profiles[0]?.controls).toHaveLength(7);
    const c = control('AML.T0024@fraud-model');
    expect(c?.impact).toBeGreaterThanOrEqual(0.9); // critical lands in Heimdall's critical band
    expect(control('AML.T0024@chatbot')?.impact).toBeLessThan(0.4); // low
    expect(c?.tags.atlas).toEqual(['AML.T0024', 'AML.TA0010']);
    expect(c?.source_location).toEqual({ ref: 'examples/acme-bank/inventory.yaml', line: 12 });
  });

  it.each([
    ['AML.T0024@fraud-model', 'failed'],
    ['AML.T0024@chatbot', 'passed'],
    ['AML.T0020@fraud-model', 'skipped'],
  ])('%s is %s', (id, status) => {
    expect(control(id)?.results[0]?.status).toBe(status);
  });

  it('records waivers in force as waiver_data, and leaves expired ones out', () => {
    expect(control('AML.T0020@fraud-model')?.waiver_data).toMatchObject({ justification: 'compensating review', expiration_date: '2027-01-31', skipped_due_to_waiver: true });
    expect(control('AML.T0024@fraud-model')?.waiver_data).toBeUndefined();
  });

  it('fills platform, version, statistics and asset groups', () => {
    expect(hdf.platform).toEqual({ name: 'Rampart', release: '0.1.0', target_id: 'Acme <Bank> & Co' });
    expect(hdf.statistics.controls).toEqual({ passed: { total: 3 }, failed: { total: 3 }, skipped: { total: 1 } });
    expect(hdf.profiles[0]?.groups.find((g) => g.id === 'chatbot')?.controls).toHaveLength(4);
    expect(hdf.profiles[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
