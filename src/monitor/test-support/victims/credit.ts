import { stratifiedSplit } from '../../../ml/dataset.ts';
import { createRng, type Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import type { FeatureBounds } from '../third-party/session.ts';
import type { TransferImage } from '../third-party/transfer-set.ts';
import { standardisedMlp } from './standardised-mlp.ts';
import type { TrafficVictim } from './victim.ts';

/**
 * A tabular victim: credit scoring on 20 features of mixed scales, as a bank's API takes an application — ten
 * numbers (age, amounts up to 100,000, integer counts up to 50) and three one-hot categories (housing, purpose,
 * employment). Synthetic applicants (their features correlated as one would expect: income with age and
 * employment, debt with income, late payments with debt) labelled approved or declined by a noisy logistic rule.
 * The model is an MLP trained on standardised features whose scaler is folded into its first layer, so it is
 * served, and logged, on the raw values.
 */
export const CREDIT_FEATURES = [
  'age', 'income', 'loan_amount', 'savings', 'debt', 'open_accounts', 'late_payments', 'inquiries', 'years_employed', 'dependents',
  'housing_own', 'housing_rent', 'housing_mortgage', 'purpose_car', 'purpose_home', 'purpose_education', 'purpose_business',
  'employment_salaried', 'employment_self', 'employment_none',
] as const;
const HI = [80, 100_000, 100_000, 100_000, 100_000, 50, 50, 50, 50, 8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const LO = [18, 0, 1_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
export const CREDIT_BOUNDS: FeatureBounds = { lo: Float64Array.from(LO), hi: Float64Array.from(HI) };
/** Where each category's one-hot columns start, and how many there are. */
const CATEGORIES: [number, number][] = [[10, 3], [13, 4], [17, 3]];
/** The amounts, edited by a percentage when an application is re-submitted; the rest are counts. */
const AMOUNTS = [1, 2, 3, 4];

export function creditVictim(records = 2400): TrafficVictim {
  const rng = createRng(2400);
  const x = Array.from({ length: records }, () => applicant(rng));
  const y = x.map((a) => (approvalLogit(a) + rng.normal() > 0 ? 1 : 0));
  const { train, test } = stratifiedSplit({ x, y }, 0.3, 1);
  return {
    name: 'credit',
    model: standardisedMlp(train),
    train,
    test,
    bounds: CREDIT_BOUNDS,
    transfer: (n, own, r) => syntheticApplications(n, own, r),
    resubmit: edited,
    wire: 'v1',
  };
}

function applicant(rng: Rng): Float64Array {
  const a = new Float64Array(20);
  const employment = pick(rng, [0.7, 0.2, 0.1]);
  const age = clamp(Math.round(22 + 40 * rng.next() ** 1.3), 18, 80);
  const income = employment === 2 ? 3_000 * rng.next() : 20_000 + 1_000 * (age - 18) * (0.5 + rng.next()) + 8_000 * rng.normal();
  const debt = Math.max(0, income * (0.1 + 0.6 * rng.next()) + 5_000 * rng.normal());
  a[0] = age;
  a[1] = hundreds(income);
  a[2] = hundreds(clamp(3_000 + 40_000 * rng.next() ** 2, 1_000, 100_000));
  a[3] = hundreds(Math.max(0, (income * 0.4 + 3_000 * rng.normal()) * rng.next()));
  a[4] = hundreds(debt);
  a[5] = clamp(poisson(rng, 3 + (age - 18) / 8), 0, 50);
  a[6] = clamp(poisson(rng, 0.3 + (4 * debt) / Math.max(income, 10_000)), 0, 50);
  a[7] = clamp(poisson(rng, 1.5), 0, 50);
  a[8] = employment === 2 ? 0 : clamp(Math.floor((age - 18) * rng.next()), 0, 50);
  a[9] = clamp(poisson(rng, age > 28 ? 1.2 : 0.3), 0, 8);
  const housing = pick(rng, age < 30 ? [0.1, 0.7, 0.2] : [0.3, 0.3, 0.4]);
  a[10 + housing] = 1;
  a[13 + pick(rng, [0.35, 0.25, 0.15, 0.25])] = 1;
  a[17 + employment] = 1;
  return a;
}

/** The lender's rule the labels follow, before noise: affordability, arrears, savings, stability. */
function approvalLogit(a: Vector): number {
  const [age, income, loan, savings, debt, , late, inquiries, years] = a as unknown as number[];
  const affordability = (income as number) - (debt as number) - 0.3 * (loan as number);
  return 0.5 + affordability / 15_000 - 0.8 * (late as number) - 0.25 * (inquiries as number) + (savings as number) / 20_000 + 0.05 * (years as number) + 0.01 * ((age as number) - 40) - 1.5 * (a[19] as number);
}

/**
 * An applicant sending the same application again with one field changed: an amount corrected by 5–20% (the
 * loan asked for, the income declared), or a count by one.
 */
export function edited(x: Vector, rng: Rng): Vector {
  const out = Float64Array.from(x);
  if (rng.next() < 0.7) {
    const i = AMOUNTS[rng.int(AMOUNTS.length)] as number;
    out[i] = hundreds(clamp((out[i] as number) * (1 + (rng.next() < 0.5 ? -1 : 1) * (0.05 + 0.15 * rng.next())), LO[i] as number, HI[i] as number));
  } else {
    const i = 5 + rng.int(5);
    out[i] = clamp((out[i] as number) + (rng.next() < 0.5 ? -1 : 1), LO[i] as number, HI[i] as number);
  }
  return out;
}

/**
 * An extractor's synthetic applications without the lender's data (kinds are KnockoffNets' adaptive arms):
 * 0 every feature uniform in its range (categories valid one-hot), 1 each feature drawn from its own
 * records' column independently (the marginals kept, the joint lost), 2 its own records with amounts scaled by
 * 0.5–2 (another market), 3 a mix of two of its records.
 */
export function syntheticApplications(n: number, own: readonly Vector[], rng: Rng): TransferImage[] {
  const record = (): Vector => own[rng.int(own.length)] as Vector;
  return Array.from({ length: n }, () => {
    const kind = rng.int(4);
    const x = new Float64Array(20);
    if (kind === 0) {
      for (let i = 0; i < 10; i++) x[i] = Math.round((LO[i] as number) + ((HI[i] as number) - (LO[i] as number)) * rng.next());
      for (const [start, count] of CATEGORIES) x[start + rng.int(count)] = 1;
    } else if (kind === 1) {
      for (let i = 0; i < 10; i++) x[i] = record()[i] as number;
      for (const [start, count] of CATEGORIES) x.set((record() as Float64Array).subarray(start, start + count), start);
    } else if (kind === 2) {
      x.set(record());
      const factor = 0.5 + 1.5 * rng.next();
      for (const i of AMOUNTS) x[i] = hundreds(clamp((x[i] as number) * factor, LO[i] as number, HI[i] as number));
    } else {
      const [a, b] = [record(), record()];
      const t = rng.next();
      for (let i = 0; i < 10; i++) x[i] = Math.round((1 - t) * (a[i] as number) + t * (b[i] as number));
      x.set((t < 0.5 ? a : b).subarray(10), 10);
    }
    return { x, kind };
  });
}

function pick(rng: Rng, weights: readonly number[]): number {
  let u = rng.next();
  for (let k = 0; k < weights.length; k++) if ((u -= weights[k] as number) < 0) return k;
  return weights.length - 1;
}

function poisson(rng: Rng, mean: number): number {
  let k = 0;
  for (let p = Math.exp(-mean), s = p, u = rng.next(); u > s; k++) s += p *= mean / (k + 1);
  return k;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const hundreds = (v: number): number => Math.round(Math.max(0, v) / 100) * 100;
