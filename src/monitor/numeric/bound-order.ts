/** Knuth's gaps (3h + 1) for the Shell sort of more than 32 candidates. */
const GAPS = new Int32Array([1, 4, 13, 40, 121, 364, 1093, 3280, 9841]);

/**
 * The first `m` slots of `order` in ascending order of their bound (ties by slot). A few dozen candidates, the usual
 * number, by insertion in place (gap 1 alone); more (a large `growingSet`, or bounds that rule nothing out) by a Shell
 * sort over Knuth's gaps, at most m^1.5 steps, so a search never costs the square of the set's size. One loop for both,
 * each statement run from the first search on: a comparison sort beside it, first called when a search had more than
 * 32 candidates, threw away the compiled search that inlines this, to be compiled again (~25 ms).
 */
export function sortByBound(order: Int32Array, m: number, lbs: Float64Array): void {
  // The first gap with 3h ≥ m: the one before it is where a Shell sort starts. A do-while, so that its step runs on
  // every call (a loop stopped before its first step left the step to run first when candidates were many).
  let k = 0;
  do k++;
  while (k < GAPS.length && (GAPS[k] as number) * 3 < m);
  const last = k - 1;
  const top = m > 32 ? last : 0;
  for (let g = top; g >= 0; g--) {
    const h = GAPS[g] as number;
    for (let c = h; c < m; c++) {
      const i = order[c] as number;
      const lb = lbs[i] as number;
      let at = c;
      for (; at >= h; at -= h) {
        const j = order[at - h] as number;
        const b = lbs[j] as number;
        // Ties by slot, both compared every step (a comparison first made at a tie would be code first run late). By
        // insertion alone a tie never moves: every slot before holds a lower one, as `order` was filled in slot order.
        const tie = b === lb;
        const later = j > i;
        if (!(b > lb || (tie && later))) break;
        order[at] = j;
      }
      order[at] = i;
    }
  }
}
