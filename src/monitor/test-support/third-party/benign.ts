import type { Dataset } from '../../../ml/dataset.ts';
import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';

/** Legitimate traffic the first benign clients (natural digits at human pace) did not cover. */
export type BenignKind = 'natural' | 'nightly-batch' | 'one-class' | 'rescans' | 'bursty';

/** One request: its time and the inputs it carried (a batch-scoring job sends many per request). */
export interface Request {
  time: number;
  inputs: Vector[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A user's near-duplicate of an input it sent: a document scanned again, an application re-submitted with a field edited. */
export type Resubmit = (x: Vector, rng: Rng) => Vector;

/** A rescanned image: a little scanner noise (σ 0.03) on every pixel, clipped to [0, 1]. */
export const rescan: Resubmit = (doc, rng) => Float64Array.from(doc, (v) => Math.min(1, Math.max(0, v + 0.03 * rng.normal())));

/** A benign client's requests over a working day starting at `start`, about `n` inputs in all. */
export function benignRequests(kind: BenignKind, n: number, data: Dataset, start: number, rng: Rng, resubmit: Resubmit = rescan): Request[] {
  const pick = (): Vector => data.x[rng.int(data.x.length)] as Vector;
  const out: Request[] = [];
  let t = start + rng.next() * 4 * HOUR;
  if (kind === 'nightly-batch') {
    // A scoring job re-sends the same fixed set on a schedule, 32 inputs a request, one request a second.
    const fixed = Array.from({ length: Math.max(32, Math.round(n / 3)) }, pick);
    for (let run = 0; run < 3; run++, t += 2.5 * HOUR) {
      for (let i = 0; i < fixed.length; i += 32) out.push({ time: t + (i / 32) * 1000, inputs: fixed.slice(i, i + 32) });
    }
    return out;
  }
  if (kind === 'one-class') {
    // A client whose own inputs are all one class (a branch that only handles one form of digit, or only applicants
    // that end up approved): a narrow distribution.
    const label = rng.int(Math.max(...data.y) + 1);
    const mine = data.x.filter((_, i) => data.y[i] === label);
    const pace = 10_000 + rng.next() * 40_000;
    for (let i = 0; i < n; i++) out.push({ time: (t += -Math.log(1 - rng.next()) * pace), inputs: [mine[rng.int(mine.length)] as Vector] });
    return out;
  }
  if (kind === 'rescans') {
    // The same document scanned again when the first scan was poor (a few copies with a little scanner noise), or
    // the same application sent again with a field corrected: the victim's `resubmit`.
    const pace = 10_000 + rng.next() * 40_000;
    for (let sent = 0; sent < n; ) {
      const doc = pick();
      const copies = 1 + rng.int(3);
      for (let c = 0; c < copies && sent < n; c++, sent++) {
        const x = c === 0 ? doc : resubmit(doc, rng);
        out.push({ time: (t += c === 0 ? -Math.log(1 - rng.next()) * pace : 3_000 + rng.next() * 10_000), inputs: [x] });
      }
    }
    return out;
  }
  if (kind === 'bursty') {
    // A clerk who works through a pile at once: 15–40 inputs a second or two apart, then nothing for up to 1.5 h.
    for (let sent = 0; sent < n; t += 20 * MINUTE + rng.next() * 70 * MINUTE) {
      const burst = Math.min(n - sent, 15 + rng.int(26));
      for (let i = 0; i < burst; i++, sent++) out.push({ time: (t += 700 + rng.next() * 2_000), inputs: [pick()] });
    }
    return out;
  }
  const pace = 5_000 + rng.next() * 60_000;
  for (let i = 0; i < n; i++) {
    const resend = i > 3 && rng.next() < 0.03;
    out.push({ time: (t += -Math.log(1 - rng.next()) * pace), inputs: [resend ? ((out[out.length - 1 - rng.int(3)]?.inputs[0] as Vector) ?? pick()) : pick()] });
  }
  return out;
}
