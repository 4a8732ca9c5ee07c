import type { Dataset } from '../../../ml/dataset.ts';
import type { Network } from '../../../ml/network.ts';
import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import type { Resubmit } from '../third-party/benign.ts';
import type { FeatureBounds } from '../third-party/session.ts';
import type { TransferImage } from '../third-party/transfer-set.ts';

/** The victims the third-party traffic can run against. */
export type VictimName = 'digits' | 'digits-28' | 'credit' | 'sensors' | 'colour-32';
export const VICTIM_NAMES: readonly VictimName[] = ['digits', 'digits-28', 'credit', 'sensors', 'colour-32'];

/**
 * A model the third-party tools attack and its data: what changes from one victim to another is the input's size
 * and ranges, whether it is an image (GeoDA's and SquareAttack's squares and frequencies need a side), what
 * natural inputs of another distribution an extractor has, what a benign near-duplicate looks like, and how the
 * server logs a request.
 */
export interface TrafficVictim {
  name: VictimName;
  model: Network;
  train: Dataset;
  test: Dataset;
  /** ART's `clip_values` for the tools; pixels in [0, 1] when not given. */
  bounds?: FeatureBounds;
  /** An image's side, for the tools that work on images; none for tabular data. */
  side?: number;
  /** An image's colour channels (1 when not given), laid out channels first as PyTorch and ART's CIFAR examples do: feature c·side² + r·side + col. */
  channels?: number;
  /** The extractor's natural queries of another distribution, with their kinds (KnockoffNets' adaptive arms). */
  transfer(n: number, own: readonly Vector[], rng: Rng): TransferImage[];
  /** A benign client's near-duplicate of its own earlier input. */
  resubmit?: Resubmit;
  /** KServe v1 (`instances` / `predictions`, rows) or v2 (`inputs` / `outputs` tensors, `shape` and flat `data`). */
  wire: 'v1' | 'v2';
}
