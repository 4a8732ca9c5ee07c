import { Buffer } from 'node:buffer';

/**
 * The last few results of a warm-up computation, each with the inputs it came from, found again only for inputs
 * equal to the last bit. Detectors of one monitor learn from the same warm-up: extraction and membership probing fit
 * the same projection (`Projection.fit`), evasion search and membership probing measure the same distances
 * (`WarmupDistances.medians`). Each still asks for its own, so it works alone and in any combination; the second to ask
 * gets the first one's result, which is what it would have computed (a pure function of these numbers), without
 * computing it again: ~35 of the ~195 ms of CPU the event ending the bench’s warm-up cost (it runs once, so in V8’s
 * slowest tiers).
 *
 * Memory: the inputs of `size` computations, held until later ones push them out (a warm-up sample of 200 inputs of
 * 64 features is 100 KB; of 784, 1.2 MB), for the life of the process (the memos are module-level: a long-running
 * server keeps its last warm-up's, ~2.4 MB at most at 784 features). The keys are copies, so a caller may reuse its arrays.
 */
export class ExactMemo<V> {
  private readonly entries: { tag: string; key: Float64Array[]; value: V }[] = [];

  constructor(private readonly size: number) {}

  /** The value stored for these inputs and this tag (the computation's other arguments), if any. */
  get(key: readonly Float64Array[], tag: string): V | undefined {
    for (const entry of this.entries) if (entry.tag === tag && sameInputs(entry.key, key)) return entry.value;
    return undefined;
  }

  set(key: readonly Float64Array[], tag: string, value: V): void {
    if (this.entries.length >= this.size) this.entries.shift();
    this.entries.push({ tag, key: key.map((x) => x.slice()), value });
  }
}

/** Whether a and b hold the same numbers in the same order, bit for bit (−0 is not 0), compared natively (memcmp). */
export function sameInputs(a: readonly Float64Array[], b: readonly Float64Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (!bytes(a[j] as Float64Array).equals(bytes(b[j] as Float64Array))) return false;
  return true;
}

const bytes = (x: Float64Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
