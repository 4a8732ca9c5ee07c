import type { Asset } from './asset.ts';

/**
 * An endpoint that answers without authentication is a way in, whatever login the asset's other doors have: an
 * Orthanc with DICOM TLS for the modalities and an open DICOMweb endpoint is open. The asset's authentication becomes
 * `none` (a CycloneDX import does the same for an `authenticated: false` service), with a note naming the endpoint.
 */
export function openThroughEndpoints(assets: readonly Asset[]): { assets: Asset[]; notes: string[] } {
  const notes: string[] = [];
  const out = assets.map((asset) => {
    const open = asset.authentication === 'none' ? undefined : asset.endpoints.find((e) => e.authentication === 'none');
    if (!open) return asset;
    notes.push(`${asset.source.file}: ${asset.id}: authentication none, not ${asset.authentication}, because its endpoint ${open.url} answers without authentication`);
    return { ...asset, authentication: 'none' as const };
  });
  return { assets: out, notes };
}
