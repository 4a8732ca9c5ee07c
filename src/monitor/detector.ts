import type { TechniqueId } from '../atlas/ids.ts';
import type { Severity } from '../checks/contract.ts';
import type { EventField, EventRef, InferenceEvent } from './event.ts';
import type { TrainingRecords } from './training-set/training-records.ts';

/** What a detector says when it sees an attack: one raise per event it judges part of one. */
export interface Raise {
  /** The ATLAS techniques this raise speaks for (a subset of the detector's). */
  techniques: TechniqueId[];
  severity: Severity;
  /** One sentence: what was seen, with the figure that decided. */
  summary: string;
  /** The events that show it (the triggering one last). */
  evidence: EventRef[];
  measurements?: Record<string, number>;
}

/**
 * A streaming detector: sees every event once, in log order, and keeps bounded state per client. An event's
 * input vector is valid only during `observe` (the monitor reuses its buffer for the next line): a detector
 * copies what it keeps, and keeps no event, only what evidence needs (event-trail.ts).
 */
export interface Detector {
  observe(event: InferenceEvent, raise: (r: Raise) => void): void;
  /** Clients it tracks now, and how many it has evicted at its cap (reported with the run). */
  memory(): { clients: number; evicted: number };
  /**
   * Events with an input it learns from before it judges (its `warmup`): the monitor then puts first a sample of the
   * log's first events in which no one client dominates (warmup-stage.ts).
   */
  warmup?: number;
  /**
   * The warm-up given at once, before any event is judged: `warmup` events with an input, the monitor's sample of the
   * log's first in which no one client dominates. Every event is then observed, those included, so a detector that
   * learns here judges the log's first events too (one that learns as it observes leaves its warm-up's unjudged).
   */
  learn?(sample: readonly InferenceEvent[]): void;
}

/** What a `monitor/*` check declares about the detector it wraps: read by `rampart detections` for Sigma rules. */
export interface DetectorSpec<Params> {
  /** The event fields it reads; the mapping names the log field behind each. */
  fields: readonly EventField[];
  /** The fields without which it sees nothing. */
  requires: readonly EventField[];
  create(params: Params, context?: DetectorContext): Detector;
}

/** What a detector may be given besides its parameters: what the organisation knows (`rampart monitor --training-data`). */
export interface DetectorContext {
  /** Fingerprints of the model's training records. */
  trainingRecords?: TrainingRecords;
}
