import { createHash } from 'node:crypto';

/**
 * Stable identifiers: the same review and finding give the same ids on every run, so a SIEM or SOAR that already
 * holds a rule or playbook updates it instead of adding a copy. The UUID is SHA-256 of the parts, shaped as an
 * RFC 4122 version-4 UUID (version nibble 4, variant 10xx): CACAO requires v4 for step ids, and Sigma recommends it.
 */
export function stableUuid(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What identifies a review across runs and stores: its organisation and the instant it was generated. */
export interface ReviewKey {
  organisation: string;
  generatedAt: string;
}

export const reviewSeed = (review: ReviewKey): string => `${review.organisation}@${review.generatedAt}`;

/** File-system-safe name for an asset id or technique id (inventory ids are already slugs; this is defence). */
export const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');
