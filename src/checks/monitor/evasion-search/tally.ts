import type { HashIndex, Touched } from './hash-index.ts';
import type { QueryHistory } from './query-history.ts';

/** The padding of a fingerprint shorter than `top` (above every hash). */
const EMPTY = 0xffffffff;

/**
 * Counts the hashes `print` (ascending, distinct) shares with each of the client's remembered queries, in
 * `counts[seq % counts.length]` (the slots that go from 0 to 1 noted in `touched`), and remembers it as query `seq`
 * in place of the oldest, whose hashes leave the index. The oldest is still counted, as a tally before forgetting it
 * gave: where both fingerprints hold a hash, its entry is counted and handed to the new query in one walk; the
 * oldest's other hashes are removed first. Returns the largest count (0 when none).
 */
export function tallyAndRemember(index: HashIndex, history: QueryHistory, print: Uint32Array, seq: number, common: number, counts: Int32Array, touched: Touched): number {
  const slots = counts.length;
  const slot = history.makeRoom();
  const top = history.top;
  const prints = history.prints;
  const full = history.full();
  const leaving = full ? history.seqAt(slot) % slots : -1;
  const from = slot * top;
  const end = from + top;
  touched.length = 0;
  index.warm(print, prints, from, full ? top : 0);
  if (full) {
    for (let i = from, j = 0; i < end && prints[i] !== EMPTY; i++) {
      const hash = prints[i] as number;
      while (j < print.length && (print[j] as number) < hash) j++;
      if (j >= print.length || print[j] !== hash) index.remove(hash, leaving);
    }
  }
  let best = 0;
  for (let i = 0, j = from; i < print.length; i++) {
    const hash = print[i] as number;
    let also = -1;
    if (full) {
      while (j < end && (prints[j] as number) < hash) j++;
      if (j < end && prints[j] === hash) also = leaving;
    }
    best = index.tallyAndAdd(hash, seq % slots, also, common, counts, touched, best);
  }
  history.store(slot, seq, print);
  return best;
}
