import type { Cut } from './build-manifest.ts';
import type { Chunk, FileManifest } from './manifest.ts';
import { sameHash, unpackHashes, type Hash64 } from './row-hash.ts';

/** A run of rows that changed: rows are 1-based data rows (the first row after a CSV header is row 1). */
export interface RowChange {
  kind: 'changed' | 'removed' | 'inserted';
  /** In the previous file for changed and removed rows, in the current file for inserted ones. */
  from: number;
  to: number;
  /** The lines those rows were on, when each row of their chunk is one line. */
  lines?: [number, number];
  /** 0-based chunk index. */
  chunk: number;
  /** The change is known to lie within these rows, not that each of them changed (leaves of several rows). */
  approximate?: boolean;
}

export interface RowComparison {
  /** The previous rows are an untouched prefix of the current file. */
  prefixIntact: boolean;
  appended: number;
  changes: RowChange[];
  /** 0-based indexes of the previous file's chunks whose rows are not all intact. */
  chunks: number[];
}

/** Rows examined for alignment at most ahead of a mismatch; beyond, a mismatch counts as a changed row. */
const WINDOW = 32;

/**
 * Where the previous rows went. A chunk whose SHA-256 matches is intact; in one that differs, leaf hashes locate the
 * change: one row per leaf for chunks of up to MAX_LEAVES rows, aligned so a removed or inserted row does not make
 * every later row look changed; groups of rows (positionally) for larger chunks.
 */
export function locateRows(before: FileManifest, after: FileManifest, cut: Cut | undefined): RowComparison {
  const old = before.chunks ?? [];
  const now = after.chunks ?? [];
  const oldRows = before.rows ?? 0;
  const newRows = after.rows ?? 0;
  const broken = old.flatMap((chunk, c) => (chunkIntact(chunk, now[c], c === old.length - 1 ? cut : undefined, before.chunkRows ?? 0) ? [] : [c]));
  if (broken.length === 0 && newRows >= oldRows) return { prefixIntact: true, appended: newRows - oldRows, changes: [], chunks: [] };
  const changes = before.leafRows === 1 && after.leafRows === 1 ? alignRows(before, after) : leafRanges(before, after, broken, cut);
  // Row by row, every previous row is where it was: only the chunk hash of the partial last chunk moved (appends).
  if (changes.length === 0 && newRows >= oldRows) return { prefixIntact: true, appended: newRows - oldRows, changes: [], chunks: [] };
  return { prefixIntact: false, appended: 0, changes, chunks: broken };
}

function chunkIntact(chunk: Chunk, current: Chunk | undefined, cut: Cut | undefined, chunkRows: number): boolean {
  if (!current) return false;
  if (chunk.rows === chunkRows || !cut) return current.sha256 === chunk.sha256;
  // The previous last chunk was partial: compare it with the current file's hash of the same rows.
  return cut.chunkSha256 === chunk.sha256;
}

function rowHashes(manifest: FileManifest): Hash64[] {
  return (manifest.chunks ?? []).flatMap((c) => unpackHashes(c.leaves));
}

/** Per-row hashes on both sides: align them, so removals and insertions are told apart from edits. */
function alignRows(before: FileManifest, after: FileManifest): RowChange[] {
  const a = rowHashes(before);
  const b = rowHashes(after);
  const ops: { kind: RowChange['kind']; row: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (sameHash(a[i], b[j])) {
      i++;
      j++;
      continue;
    }
    const sync = nextSync(a, b, i, j);
    const skipA = sync ? sync[0] : 1;
    const skipB = sync ? sync[1] : 1;
    const paired = Math.min(skipA, skipB);
    for (let k = 0; k < paired; k++) ops.push({ kind: 'changed', row: i + k });
    for (let k = paired; k < skipA; k++) ops.push({ kind: 'removed', row: i + k });
    for (let k = paired; k < skipB; k++) ops.push({ kind: 'inserted', row: j + k });
    i += skipA;
    j += skipB;
  }
  for (; i < a.length; i++) ops.push({ kind: 'removed', row: i });
  // New rows after the last previous row are appended, which append-only data allows.
  return ranges(ops, before, after);
}

/** The nearest (by rows skipped on both sides) pair of equal rows ahead of a mismatch. */
function nextSync(a: Hash64[], b: Hash64[], i: number, j: number): [number, number] | undefined {
  for (let d = 1; d <= WINDOW; d++) {
    for (let x = 0; x <= d; x++) {
      const y = d - x;
      if (i + x < a.length && j + y < b.length && sameHash(a[i + x], b[j + y])) return [x, y];
    }
  }
  return undefined;
}

/** Leaves of several rows: the leaves that differ, in each chunk that differs. */
function leafRanges(before: FileManifest, after: FileManifest, broken: number[], cut: Cut | undefined): RowChange[] {
  const leafRows = before.leafRows ?? 1;
  const newRows = after.rows ?? 0;
  const ops: { kind: RowChange['kind']; row: number }[] = [];
  const old = before.chunks ?? [];
  const comparable = before.leafRows === after.leafRows && before.chunkRows === after.chunkRows;
  for (const c of broken) {
    const chunk = old[c] as Chunk;
    const mine = unpackHashes(chunk.leaves);
    const theirs = comparable && after.chunks?.[c] ? unpackHashes(after.chunks[c].leaves) : [];
    mine.forEach((leaf, k) => {
      const last = c === old.length - 1 && k === mine.length - 1 && chunk.rows % leafRows !== 0;
      const other = last && cut && cut.row === before.rows ? cut.leaf : theirs[k];
      if (sameHash(leaf, other)) return;
      const start = chunk.row + k * leafRows;
      const end = Math.min(start + leafRows, chunk.row + chunk.rows);
      for (let r = start; r < end; r++) ops.push({ kind: r >= newRows ? 'removed' : 'changed', row: r });
    });
  }
  return ranges(ops, before, after).map((r) => (leafRows > 1 && r.kind === 'changed' ? { ...r, approximate: true } : r));
}

/** Consecutive rows of one kind as one range, with lines where they are known. */
function ranges(ops: { kind: RowChange['kind']; row: number }[], before: FileManifest, after: FileManifest): RowChange[] {
  const out: RowChange[] = [];
  for (const op of ops) {
    const last = out[out.length - 1];
    if (last && last.kind === op.kind && last.to === op.row) {
      last.to = op.row + 1;
      continue;
    }
    out.push({ kind: op.kind, from: op.row + 1, to: op.row + 1, chunk: 0 });
  }
  return out.map((r) => {
    const manifest = r.kind === 'inserted' ? after : before;
    const chunkRows = manifest.chunkRows ?? 1;
    const chunk = Math.floor((r.from - 1) / chunkRows);
    const from = lineOf(manifest, r.from - 1);
    const to = lineOf(manifest, r.to - 1);
    return { ...r, chunk, ...(from !== undefined && to !== undefined ? { lines: [from, to] as [number, number] } : {}) };
  });
}

/** The line a 0-based row starts on, when its chunk has one line per row. */
function lineOf(manifest: FileManifest, row: number): number | undefined {
  const c = manifest.chunks?.[Math.floor(row / (manifest.chunkRows ?? 1))];
  return c && c.lines === c.rows ? c.line + (row - c.row) : undefined;
}
