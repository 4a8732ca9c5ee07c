import { stratifiedSplit } from '../../../ml/dataset.ts';
import { createRng, type Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import type { FeatureBounds } from '../third-party/session.ts';
import type { TransferImage } from '../third-party/transfer-set.ts';
import { standardisedMlp } from './standardised-mlp.ts';
import type { TrafficVictim } from './victim.ts';

/**
 * A tabular victim unlike credit, held out from the tuning of the detectors: a pump's condition (normal, worn
 * bearing, cavitation) from 12 sensor readings, continuous and in their own units and resolutions — temperatures in
 * °C to 0.1, pressures in kPa, flow in L/min, speed in whole rpm, current to 0.01 A, vibration to 0.01 mm/s, the
 * power factor to 0.001 — with no one-hot or count columns, three classes, and logged as KServe v2 tensors.
 * Readings are correlated through the pump's load as on a real plant; the labels come from a noisy rule.
 */
export const SENSOR_FEATURES = [
  'ambient_temp', 'bearing_temp', 'inlet_pressure', 'outlet_pressure', 'flow', 'speed_rpm',
  'current', 'voltage', 'vibration_rms', 'vibration_peak_hz', 'humidity', 'power_factor',
] as const;
const LO = [-10, 0, 0, 0, 0, 0, 0, 300, 0, 0, 0, 0.5];
const HI = [50, 150, 600, 1200, 800, 3600, 100, 480, 50, 500, 100, 1];
/** Each reading's resolution: a sensor reports on its own grid. */
const STEP = [0.1, 0.1, 0.5, 0.5, 0.1, 1, 0.01, 0.1, 0.01, 0.1, 1, 0.001];
export const SENSOR_BOUNDS: FeatureBounds = { lo: Float64Array.from(LO), hi: Float64Array.from(HI) };

export function sensorsVictim(records = 2400): TrafficVictim {
  const rng = createRng(1200);
  const readings = Array.from({ length: records }, () => reading(rng));
  const { train, test } = stratifiedSplit({ x: readings.map((r) => r.x), y: readings.map((r) => r.condition) }, 0.3, 1);
  return {
    name: 'sensors',
    model: standardisedMlp(train),
    train,
    test,
    bounds: SENSOR_BOUNDS,
    transfer: (n, own, r) => otherPlants(n, own, r),
    resubmit: reread,
    wire: 'v2',
  };
}

/** One pump's readings and its condition: 0 normal, 1 worn bearing (hot, vibrating), 2 cavitation (low inlet pressure, noisy flow). */
function reading(rng: Rng): { x: Float64Array; condition: number } {
  const ambient = 18 + 8 * rng.normal();
  const load = 0.3 + 0.6 * rng.next();
  const fast = rng.next() < 0.4;
  const wear = rng.next() < 0.22 ? 0.4 + 0.6 * rng.next() : 0.15 * rng.next();
  const starved = rng.next() < 0.12 ? 0.4 + 0.6 * rng.next() : 0.1 * rng.next();
  const x = new Float64Array(12);
  x[0] = ambient;
  x[1] = ambient + 20 + 25 * load + 35 * wear + 3 * rng.normal();
  x[2] = 280 - 160 * starved + 20 * rng.normal();
  x[3] = x[2] + (fast ? 420 : 180) * load * (1 - 0.3 * starved) + 15 * rng.normal();
  x[4] = (fast ? 520 : 260) * load * (1 - 0.4 * starved) + 12 * rng.normal() * (1 + 3 * starved);
  x[5] = (fast ? 2960 : 1480) - (fast ? 60 : 30) * load + 5 * rng.normal();
  x[6] = 8 + 55 * load * (fast ? 1.3 : 1) + 4 * wear + 1.5 * rng.normal();
  x[7] = 400 + 6 * rng.normal();
  x[8] = 1.2 + 1.5 * load + 9 * wear + 5 * starved + 0.4 * Math.abs(rng.normal());
  x[9] = (x[5] as number) / 60 * (wear > 0.3 ? 3.1 : 1) + 2 * rng.normal() + (starved > 0.3 ? 120 * rng.next() : 0);
  x[10] = 55 + 15 * rng.normal();
  x[11] = 0.78 + 0.12 * load - 0.05 * wear + 0.01 * rng.normal();
  onGrid(x);
  const worn = 4 * wear - 1.2 + 0.02 * ((x[1] as number) - 60) + rng.normal();
  const cavitating = 5 * starved - 1.4 + rng.normal();
  const condition = cavitating > 0 && cavitating > worn ? 2 : worn > 0 ? 1 : 0;
  return { x, condition };
}

/** Each reading clipped to its sensor's range and rounded to its resolution. */
function onGrid(x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const step = STEP[i] as number;
    const v = Math.min(HI[i] as number, Math.max(LO[i] as number, x[i] as number));
    x[i] = Number((Math.round(v / step) * step).toFixed(3));
  }
  return x;
}

/** An operator asking again a few seconds later: every sensor read anew, a little noise on each. */
export function reread(x: Vector, rng: Rng): Vector {
  const out = Float64Array.from(x, (v, i) => v + (STEP[i] as number) * 2 * rng.normal() + 0.004 * Math.abs(v) * rng.normal());
  return onGrid(out);
}

/**
 * An extractor's readings without the operator's data (kinds are KnockoffNets' adaptive arms): 0 every sensor
 * uniform in its range, 1 each sensor drawn from its own records' column independently, 2 another plant (its own
 * records at another ambient temperature and supply pressure, pumps 0.7–1.3 as loaded), 3 a mix of two records.
 */
export function otherPlants(n: number, own: readonly Vector[], rng: Rng): TransferImage[] {
  const record = (): Vector => own[rng.int(own.length)] as Vector;
  return Array.from({ length: n }, () => {
    const kind = rng.int(4);
    const x = new Float64Array(12);
    if (kind === 0) for (let i = 0; i < 12; i++) x[i] = (LO[i] as number) + ((HI[i] as number) - (LO[i] as number)) * rng.next();
    else if (kind === 1) for (let i = 0; i < 12; i++) x[i] = record()[i] as number;
    else if (kind === 2) {
      x.set(record());
      const [warmer, supply, load] = [15 * rng.normal(), 0.8 + 0.4 * rng.next(), 0.7 + 0.6 * rng.next()];
      x[0] = (x[0] as number) + warmer;
      x[1] = (x[1] as number) + warmer;
      x[2] = (x[2] as number) * supply;
      for (const i of [3, 4, 6]) x[i] = (x[i] as number) * load;
    } else {
      const [a, b] = [record(), record()];
      const t = rng.next();
      for (let i = 0; i < 12; i++) x[i] = (1 - t) * (a[i] as number) + t * (b[i] as number);
    }
    return { x: onGrid(x), kind };
  });
}
