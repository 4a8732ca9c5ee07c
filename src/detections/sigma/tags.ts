import { usageError } from '../../errors.ts';

/**
 * How the ATLAS technique becomes a Sigma tag. Sigma has no ATLAS namespace yet (SEP #219); `atlas.aml.t0051.000`
 * is the proposed form and passes the schema's tag pattern, but `sigma check` rejects unknown namespaces, so the
 * namespace is configurable and `none` leaves the technique to the description and references only.
 */
export type TagStyle = { kind: 'namespace'; namespace: string } | { kind: 'none' };

export const DEFAULT_TAG_STYLE: TagStyle = { kind: 'namespace', namespace: 'atlas' };

/** `atlas` (default), `none`, or `prefix:<namespace>` (lower-case letters, digits, `_` and `-`). */
export function parseTagStyle(raw: string | undefined): TagStyle {
  if (raw === undefined || raw === 'atlas') return DEFAULT_TAG_STYLE;
  if (raw === 'none') return { kind: 'none' };
  const m = /^prefix:([a-z0-9_-]+)$/.exec(raw);
  if (m) return { kind: 'namespace', namespace: m[1] as string };
  throw usageError(`unknown tag style "${raw}"`, 'use atlas (atlas.aml.t0051.000), none, or prefix:<namespace> with lower-case letters, digits, _ and -');
}

export function techniqueTags(techniqueId: string, style: TagStyle): string[] {
  if (style.kind === 'none') return [];
  return [`${style.namespace}.${techniqueId.toLowerCase()}`];
}
