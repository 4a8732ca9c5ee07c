import { mix32 } from '../../util/hash-mix.ts';
import { TrainingNeighbours } from './training-neighbours.ts';

/**
 * Fingerprints of a training set's records, to tell a query that *is* a training record (sent as it was, or
 * re-encoded: float32, fewer decimals) from fresh data. Each feature is cut into cells of `step` (a share of the
 * feature's range in the training data) on a grid shifted by a salted offset, and a record's fingerprint is a
 * 64-bit hash of its cells (two 32-bit lanes, each a sum of one term per feature). A query matches when its cells
 * hash to a known fingerprint; a feature within `EDGE_TOLERANCE` of a step from a cell's edge is tried on both
 * sides (the first `MAX_PROBES` such features), so round-off never moves a copy into the neighbouring cell unnoticed.
 * Only hashes are kept: the records themselves cannot be read back from them.
 */
export interface RecordGrid {
  /** Cell width per feature, in the feature's own units. */
  steps: readonly number[];
  salt: number;
}

/** Features near a cell's edge tried on both sides at most (2^8 lookups); past that only the query's own cells are looked up. */
export const MAX_PROBES = 8;
/** A value this share of a step from a cell's edge may belong to either side. */
export const EDGE_TOLERANCE = 0.02;

export class TrainingRecords {
  private readonly keys = new Set<number>();
  private readonly offsets: Float64Array;
  private readonly laneA: Uint32Array;
  private readonly laneB: Uint32Array;
  private readonly cells: Int32Array;
  private readonly edges = new Int32Array(MAX_PROBES);
  private readonly sides = new Int8Array(MAX_PROBES);
  private readonly deltaA = new Uint32Array(MAX_PROBES);
  private readonly deltaB = new Uint32Array(MAX_PROBES);

  /** The records themselves (a sample), for distances: only when the data was given, never from a manifest. */
  neighbours: TrainingNeighbours | undefined;

  constructor(readonly grid: RecordGrid) {
    const d = grid.steps.length;
    this.offsets = new Float64Array(d);
    this.laneA = new Uint32Array(d);
    this.laneB = new Uint32Array(d);
    for (let j = 0; j < d; j++) {
      this.offsets[j] = (mix32(grid.salt ^ Math.imul(j + 1, 0x9e3779b1)) / 2 ** 32) * (grid.steps[j] as number);
      this.laneA[j] = mix32(grid.salt + Math.imul(j, 0x85ebca6b));
      this.laneB[j] = mix32(~grid.salt ^ Math.imul(j, 0xc2b2ae35));
    }
    this.cells = new Int32Array(d);
  }

  get dimension(): number {
    return this.grid.steps.length;
  }

  get size(): number {
    return this.keys.size;
  }

  /** Remember a record (its features in the order the model's API takes them). */
  add(x: ArrayLike<number>): void {
    this.cut(x);
    const [a, b] = this.hash();
    this.keys.add(key(a, b));
  }

  /** Remember a fingerprint read back from a file. */
  addFingerprint(k: number): void {
    this.keys.add(k);
  }

  /** Whether the input is one of the records, within a cell of each feature. */
  has(x: ArrayLike<number>): boolean {
    if (x.length !== this.dimension) return false;
    const probes = Math.min(this.cut(x), MAX_PROBES);
    const [a, b] = this.hash();
    if (this.keys.has(key(a, b))) return true;
    // Every other combination of the edge features' cells: the sums change by the flipped features' terms.
    for (let i = 0; i < probes; i++) {
      const j = this.edges[i] as number;
      const cell = this.cells[j] as number;
      const other = cell + (this.sides[i] as number);
      this.deltaA[i] = (this.termA(j, other) - this.termA(j, cell)) >>> 0;
      this.deltaB[i] = (this.termB(j, other) - this.termB(j, cell)) >>> 0;
    }
    for (let mask = 1; mask < 1 << probes; mask++) {
      let pa = a;
      let pb = b;
      for (let i = 0; i < probes; i++) {
        if ((mask & (1 << i)) === 0) continue;
        pa = (pa + (this.deltaA[i] as number)) >>> 0;
        pb = (pb + (this.deltaB[i] as number)) >>> 0;
      }
      if (this.keys.has(key(pa, pb))) return true;
    }
    return false;
  }

  /** Every fingerprint (53-bit numbers), for a file. */
  fingerprints(): IterableIterator<number> {
    return this.keys.values();
  }

  /** The cells of x, and the features near an edge of their cell (`edges`, with `sides` −1 or +1: the neighbour to try). Returns how many. */
  private cut(x: ArrayLike<number>): number {
    let near = 0;
    for (let j = 0; j < this.dimension; j++) {
      const step = this.grid.steps[j] as number;
      const u = ((x[j] as number) + (this.offsets[j] as number)) / step;
      const cell = Math.floor(u);
      const frac = u - cell;
      this.cells[j] = cell;
      const side = frac < EDGE_TOLERANCE ? -1 : frac > 1 - EDGE_TOLERANCE ? 1 : 0;
      if (side !== 0 && near < MAX_PROBES) {
        this.edges[near] = j;
        this.sides[near] = side;
        near++;
      }
    }
    return near;
  }

  private hash(): [number, number] {
    let a = 0;
    let b = 0;
    for (let j = 0; j < this.dimension; j++) {
      const cell = this.cells[j] as number;
      a = (a + this.termA(j, cell)) >>> 0;
      b = (b + this.termB(j, cell)) >>> 0;
    }
    return [a, b];
  }

  private termA(j: number, cell: number): number {
    return mix32(Math.imul(cell, 0x9e3779b1) ^ (this.laneA[j] as number));
  }

  private termB(j: number, cell: number): number {
    return mix32(Math.imul(cell ^ 0x5bd1e995, 0x85ebca6b) + (this.laneB[j] as number));
  }
}

/** 53 bits of the two lanes: a number a Set holds without boxing a pair (a collision among a million records: ~1 in 10^4). */
function key(a: number, b: number): number {
  return a * 2 ** 21 + (b >>> 11);
}

/**
 * The grid for records whose features span [min, max]: cells `resolution` of each feature's range wide (a feature
 * constant in the training data gets cells of `resolution` of its magnitude, at least `resolution`).
 */
export function gridFor(min: ArrayLike<number>, max: ArrayLike<number>, resolution: number, salt: number): RecordGrid {
  const steps = Array.from({ length: min.length }, (_, j) => {
    const range = (max[j] as number) - (min[j] as number);
    return range > 0 ? range * resolution : Math.max(Math.abs(min[j] as number), 1) * resolution;
  });
  return { steps, salt };
}

/** Cells 1% of each feature's range wide: a copy re-encoded (float32, four decimals) stays in its cells; fresh data does not. */
export const DEFAULT_RESOLUTION = 0.01;
export const DEFAULT_SALT = 0x7a11;

/** Fingerprints of records held in memory (the grid from their own ranges), and the records for distances. */
export function trainingRecordsOf(rows: readonly ArrayLike<number>[], resolution = DEFAULT_RESOLUTION, salt = DEFAULT_SALT): TrainingRecords {
  const d = rows[0]?.length ?? 0;
  const min = new Float64Array(d).fill(Infinity);
  const max = new Float64Array(d).fill(-Infinity);
  for (const x of rows) {
    for (let j = 0; j < d; j++) {
      min[j] = Math.min(min[j] as number, x[j] as number);
      max[j] = Math.max(max[j] as number, x[j] as number);
    }
  }
  const records = new TrainingRecords(gridFor(min, max, resolution, salt));
  records.neighbours = new TrainingNeighbours(Float64Array.from(min, (m, j) => (max[j] as number) - m));
  for (const x of rows) {
    records.add(x);
    records.neighbours.add(x);
  }
  return records;
}
