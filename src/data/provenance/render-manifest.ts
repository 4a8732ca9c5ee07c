import type { ColumnProfile, FileManifest } from './manifest.ts';

const MAX_COLUMNS = 30;

/** A manifest as text: the file line, then one line per column (type, missing, statistics or top values). */
export function renderManifest(m: FileManifest): string[] {
  const size = m.bytes >= 1 << 20 ? `${(m.bytes / (1 << 20)).toFixed(1)} MB` : `${m.bytes} bytes`;
  const head = `${m.path}  ${m.format}  ${size}  sha256 ${m.sha256}${m.appendOnly ? '  append-only' : ''}`;
  if (m.format === 'bytes') return [head];
  const lines = [head, `  ${count(m.rows ?? 0)} rows × ${m.columns?.length ?? 0} columns in ${m.chunks?.length ?? 0} chunk(s) of ${count(m.chunkRows ?? 0)} rows${m.label ? `; label ${m.label}` : ''}`];
  for (const p of (m.profile ?? []).slice(0, MAX_COLUMNS)) lines.push(`  ${p.name.padEnd(16)} ${p.type.padEnd(8)} ${describe(p)}`);
  if (m.records) lines.push(`  record fingerprints: ${count(m.records.rows)} records of ${m.records.columns.length} features (cells ${m.records.resolution * 100}% of each range)`);
  if ((m.profile?.length ?? 0) > MAX_COLUMNS) lines.push(`  … ${(m.profile?.length ?? 0) - MAX_COLUMNS} more column(s) (--format json lists all)`);
  return lines;
}

function describe(p: ColumnProfile): string {
  const parts = [`${p.missing} missing`];
  if (p.numeric) parts.push(`mean ${fmt(p.numeric.mean)} ± ${fmt(p.numeric.std)}, [${fmt(p.numeric.min)}, ${fmt(p.numeric.max)}]${p.numeric.monotonic ? ', increasing' : ''}`);
  if (p.categories && p.categories.top.length > 0) {
    const total = p.count || 1;
    parts.push(`${p.categories.approximate ? 'about ' : ''}${p.categories.top.slice(0, 5).map(([k, c]) => `${k} ${((c / total) * 100).toFixed(1)}%`).join(', ')}`);
  }
  return parts.join('; ');
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
