/** The largest |q| stored: an Int16Array holds ±32767. */
const MAX_Q = 32767;

/**
 * Stored inputs' projections in 16 bits: coordinate j of slot i is `q[i·k + j] · step`, within `err` of its exact
 * value. The bound loop of a search reads every stored projection, so a quarter of float64's bytes (half of float32's)
 * is that much less memory touched per search; the bound is loosened by √k · err so that it never rules out the
 * nearest input (PointSet.reach).
 *
 * `step` is a power of two (q · step and p / step are exact) chosen from the first projection with room for four times
 * its largest coordinate; a projection that does not fit doubles the step until it does and rounds the stored
 * numbers again, adding the new step's half to `err`. A projection with a coordinate that is not a finite number (an
 * input of another length, or one near float64's largest) is not stored: the caller gives that slot no bound.
 */
export class CoarseProjections {
  q = new Int16Array(0);
  step = 0;
  err = 0;

  constructor(readonly k: number) {}

  /** Room for `slots` projections, the stored ones kept. */
  grow(slots: number): void {
    const q = new Int16Array(slots * this.k);
    q.set(this.q.subarray(0, Math.min(this.q.length, q.length)));
    this.q = q;
  }

  /** Stores p (k coordinates of `from` from `at` on) in `slot`; false, storing nothing, when one is not a finite number. */
  store(slot: number, from: ArrayLike<number>, at = 0): boolean {
    const k = this.k;
    let largest = 0;
    for (let j = 0; j < k; j++) largest = Math.max(largest, Math.abs(from[at + j] as number));
    if (!Number.isFinite(largest)) return false;
    if (this.step === 0) {
      // Not below the smallest number there is: for a first projection of subnormal numbers the power underflowed to 0.
      this.step = largest > 0 ? Math.max(2 ** Math.ceil(Math.log2((4 * largest) / MAX_Q)), Number.MIN_VALUE) : 2 ** -60;
      this.err = this.step / 2;
    }
    if (largest / this.step > MAX_Q) this.widen(largest);
    const o = slot * k;
    for (let j = 0; j < k; j++) this.q[o + j] = Math.round((from[at + j] as number) / this.step);
    return true;
  }

  /**
   * A step at least twice as large, enough for `largest` (finite: so is the step); the stored numbers rounded to it.
   * The step itself is doubled, not a factor: from a subnormal first step (a first projection of numbers near 5e-324)
   * the factor passed float64's range and made the step Infinity, and every bound NaN (the nearest input was missed).
   * The factor may still be Infinity then, and every stored number (|q| · step / new step < 10⁻³⁰⁰) rounds to 0, as it should.
   */
  private widen(largest: number): void {
    let step = this.step * 2;
    while (largest / step > MAX_Q) step *= 2;
    const factor = step / this.step;
    this.step = step;
    this.err += step / 2;
    const q = this.q;
    for (let i = 0; i < q.length; i++) q[i] = Math.round((q[i] as number) / factor);
  }

  /** How far a bound's square root may be below the exact projection's: √k coordinates each within err. */
  slack(): number {
    return Math.sqrt(this.k) * this.err * (1 + 1e-9);
  }
}
