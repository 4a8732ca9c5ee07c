import { describe, expect, it } from 'vitest';
import { anAsset } from '../assess/test-support/fixtures.ts';
import type { Endpoint } from './asset.ts';
import { openThroughEndpoints } from './open-endpoints.ts';

const endpoint = (authentication: Endpoint['authentication']): Endpoint => ({ url: 'https://orthanc.example/dicom-web', protocol: 'other', authentication, target: undefined, checks: undefined });

describe('an endpoint that answers without authentication', () => {
  it('makes its asset open, with a note naming the endpoint', () => {
    const { assets, notes } = openThroughEndpoints([anAsset({ id: 'orthanc', authentication: 'mtls', endpoints: [endpoint('mtls'), endpoint('none')] })]);
    expect(assets[0]?.authentication).toBe('none');
    expect(notes).toEqual(['inventory.yaml: orthanc: authentication none, not mtls, because its endpoint https://orthanc.example/dicom-web answers without authentication']);
  });

  it.each([['api-key'], [undefined]] as const)('an endpoint with %s leaves the asset as recorded', (auth) => {
    const { assets, notes } = openThroughEndpoints([anAsset({ id: 'orthanc', authentication: 'mtls', endpoints: [endpoint(auth)] })]);
    expect([assets[0]?.authentication, notes]).toEqual(['mtls', []]);
  });
});
