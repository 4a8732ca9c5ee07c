import { CATEGORY_CAPACITY, SAMPLE_ROWS, TOP_CATEGORIES, type ColumnProfile, type ColumnType } from './manifest.ts';
import type { TextCell as Cell } from '../readers/index.ts';

/**
 * A statistical profile in bounded memory, one pass: per column the count, missing cells, inferred type, mean and
 * standard deviation (Welford), min and max, the most frequent values (a space-saving sketch of CATEGORY_CAPACITY
 * counters), and one bottom-k sample of SAMPLE_ROWS rows shared by every column: the rows with the smallest row
 * hashes. A bottom-k sample by content is deterministic — the same rows give the same sample, appended rows only
 * enter it by beating the current ones — so an unchanged file has an identical profile and shift tests see no noise.
 */
const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None']);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+$/;

class ColumnStats {
  count = 0;
  missing = 0;
  integers = 0;
  numbers = 0;
  booleans = 0;
  strings = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = -Infinity;
  counts = new Map<string, number>();
  overflowed = false;
  monotonic = true;
  last = -Infinity;

  add(cell: Cell): void {
    if (cell === null || (typeof cell === 'string' && MISSING.has(cell))) {
      this.missing++;
      return;
    }
    this.count++;
    let key: string;
    if (typeof cell === 'number' || (typeof cell === 'string' && NUMBER.test(cell))) {
      const x = typeof cell === 'number' ? cell : Number(cell);
      if (Number.isInteger(x) && (typeof cell === 'number' || INTEGER.test(cell))) this.integers++;
      else this.numbers++;
      const delta = x - this.mean;
      this.mean += delta / (this.integers + this.numbers);
      this.m2 += delta * (x - this.mean);
      if (x < this.min) this.min = x;
      if (x < this.last) this.monotonic = false;
      this.last = x;
      if (x > this.max) this.max = x;
      // A continuous column's values are not categories: stop counting once they outnumber the sketch.
      if (this.overflowed && this.strings === 0 && this.booleans === 0) return;
      key = String(x);
    } else if (typeof cell === 'boolean' || cell === 'true' || cell === 'false') {
      this.booleans++;
      key = String(cell);
    } else {
      this.strings++;
      key = cell;
    }
    this.tally(key);
  }

  /** Space-saving: a new value past capacity takes the smallest counter's place and count, plus one. */
  private tally(key: string): void {
    const n = this.counts.get(key);
    if (n !== undefined) {
      this.counts.set(key, n + 1);
      return;
    }
    if (this.counts.size < CATEGORY_CAPACITY) {
      this.counts.set(key, 1);
      return;
    }
    this.overflowed = true;
    let minKey = '';
    let minCount = Infinity;
    for (const [k, c] of this.counts) {
      if (c < minCount) {
        minCount = c;
        minKey = k;
      }
    }
    this.counts.delete(minKey);
    this.counts.set(key, minCount + 1);
  }

  type(): ColumnType {
    const numeric = this.integers + this.numbers;
    if (this.count === 0) return 'empty';
    if (numeric === this.count) return this.numbers === 0 ? 'integer' : 'number';
    if (this.booleans === this.count) return 'boolean';
    if (this.strings === this.count) return 'string';
    return 'mixed';
  }
}

export class ProfileBuilder {
  private readonly stats: ColumnStats[] = [];
  private readonly sample: { h: number; cells: Cell[] }[] = [];
  private maxAt = -1;
  private rowsSeen = 0;

  addRow(cells: readonly Cell[], hash: number): void {
    while (this.stats.length < cells.length) this.stats.push(backfilled(this.rowsSeen));
    for (let i = 0; i < this.stats.length; i++) (this.stats[i] as ColumnStats).add(cells[i] ?? null);
    this.rowsSeen++;
    this.offerSample(cells, hash);
  }

  private offerSample(cells: readonly Cell[], h: number): void {
    if (this.sample.length < SAMPLE_ROWS) {
      this.sample.push({ h, cells: [...cells] });
      if (this.maxAt < 0 || h > (this.sample[this.maxAt] as { h: number }).h) this.maxAt = this.sample.length - 1;
      return;
    }
    const worst = this.sample[this.maxAt] as { h: number };
    if (h >= worst.h) return;
    this.sample[this.maxAt] = { h, cells: [...cells] };
    this.maxAt = 0;
    for (let i = 1; i < this.sample.length; i++) if ((this.sample[i] as { h: number }).h > (this.sample[this.maxAt] as { h: number }).h) this.maxAt = i;
  }

  finish(columns: readonly string[]): ColumnProfile[] {
    return columns.map((name, i) => {
      const s = this.stats[i] ?? backfilled(this.rowsSeen);
      const type = s.type();
      const numeric = type === 'integer' || type === 'number';
      const profile: ColumnProfile = { name, type, count: s.count, missing: s.missing };
      if (numeric) {
        const n = s.integers + s.numbers;
        const sample = this.sample.map((r) => toNumber(r.cells[i] ?? null)).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
        profile.numeric = { count: n, mean: s.mean, std: n > 1 ? Math.sqrt(s.m2 / (n - 1)) : 0, min: s.min, max: s.max, ...(s.monotonic && n > 1 ? { monotonic: true } : {}), sample };
      }
      // Categories for anything but a continuous number: labels, flags, strings, small integer codes.
      if (!numeric || !s.overflowed) {
        const top = [...s.counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, TOP_CATEGORIES);
        const inTop = top.reduce((sum, [, c]) => sum + c, 0);
        profile.categories = { top, approximate: s.overflowed, other: Math.max(0, s.count - inTop) };
      }
      return profile;
    });
  }
}

/** A column first seen after `rows` rows (JSON Lines) was missing in all of them. */
function backfilled(rows: number): ColumnStats {
  const s = new ColumnStats();
  s.missing = rows;
  return s;
}

function toNumber(cell: Cell): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell === 'string' && NUMBER.test(cell)) return Number(cell);
  return undefined;
}
