/**
 * A small seeded random source (mulberry32), so training, splits and attacks are reproducible from a seed.
 * Not for cryptography.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /**
   * Fills `out[start..end)` with standard normals (ziggurat, Marsaglia & Tsang 2000): one 32-bit draw per
   * number almost always, for the hot loops of attacks. Its stream is separate from `normal()`'s spare.
   */
  fillNormal(out: Float64Array, start?: number, end?: number): void;
}

// Ziggurat tables for the standard normal, 128 layers (Marsaglia & Tsang 2000, "The Ziggurat Method for
// Generating Random Variables", J. Stat. Softw. 5(8)): kn are acceptance thresholds on the signed 32-bit
// draw, wn scale it to a value, fn are the density at the layer edges.
const ZIG_R = 3.442619855899;
const kn = new Int32Array(128);
const wn = new Float64Array(128);
const fn = new Float64Array(128);
{
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * m1);
  kn[1] = 0;
  wn[0] = q / m1;
  wn[127] = dn / m1;
  fn[0] = 1;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  let spare: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int: (n) => Math.floor(next() * n),
    fillNormal(out, start = 0, end = out.length) {
      // mulberry32 inlined: this loop makes most of the random numbers an evasion attack uses.
      // `| 0` keeps the state a 32-bit integer to V8 (`>>> 0` would make it a double): same bits, 3× faster.
      let st = state | 0;
      for (let k = start; k < end; k++) {
        st = (st + 0x6d2b79f5) | 0;
        let t = Math.imul(st ^ (st >>> 15), st | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        const hz = (t ^ (t >>> 14)) | 0;
        const iz = hz & 127;
        // Written so V8 keeps it branch-light (a ternary abs and `continue` made this loop 4× slower).
        const value = hz * (wn[iz] as number);
        if (Math.abs(hz) < (kn[iz] as number)) out[k] = value;
        else {
          state = st >>> 0;
          out[k] = normalTail(hz, iz, next);
          st = state | 0;
        }
      }
      state = st >>> 0;
    },
  };
}

/** The ziggurat's slow path (about 1 draw in 40): the wedge of a layer, or the tail beyond ZIG_R. */
function normalTail(hz: number, iz: number, next: () => number): number {
  for (;;) {
    const x = hz * (wn[iz] as number);
    if (iz === 0) {
      let tx: number;
      let ty: number;
      do {
        tx = -Math.log(1 - next()) / ZIG_R;
        ty = -Math.log(1 - next());
      } while (ty + ty < tx * tx);
      return hz > 0 ? ZIG_R + tx : -ZIG_R - tx;
    }
    if ((fn[iz] as number) + next() * ((fn[iz - 1] as number) - (fn[iz] as number)) < Math.exp(-0.5 * x * x)) return x;
    hz = Math.floor(next() * 4294967296) | 0;
    iz = hz & 127;
    if ((hz < 0 ? -hz : hz) < (kn[iz] as number)) return hz * (wn[iz] as number);
  }
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
