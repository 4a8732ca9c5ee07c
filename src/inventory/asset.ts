import type { Attribute, Authentication, Criticality, DataSensitivity, Element, EndpointProtocol, Exposure, AssetKind, Relation } from './vocabulary.ts';

export interface SourceLocation {
  file: string;
  line?: number;
}

export interface Endpoint {
  url: string;
  protocol: EndpointProtocol;
  authentication: Authentication | undefined;
  target: string | undefined;
  /** Parameters per check id for `review --checks`. */
  checks: Record<string, Record<string, unknown>> | undefined;
}

export interface Artifact {
  path: string;
  format: string | undefined;
  source: string | undefined;
  /** Data files declared append-only (absent when not declared). */
  appendOnly?: boolean;
  /** Data files: the label column (absent when not declared). */
  label?: string;
  /** Data files: rows per manifest chunk (absent when not declared). */
  chunkRows?: number;
}

/** A log the monitor's detectors read (`review --checks`); `expect` marks a replayed attack. */
export interface LogSource {
  path: string;
  mapping: string;
  expect: string[] | undefined;
  checks: Record<string, Record<string, unknown>> | undefined;
  /** The model's training records: a training-set asset's id, or a dataset file or records manifest (absent: derived from `trainedOn`). */
  trainingData?: string | { path: string; label?: string | undefined } | undefined;
}

/** An inventory asset after loading: defaults applied, derived attributes set, relations checked. */
export interface Asset {
  id: string;
  name: string;
  element: Element;
  kind: AssetKind;
  description: string | undefined;
  owner: string | undefined;
  exposure: Exposure;
  authentication: Authentication;
  dataSensitivity: DataSensitivity;
  criticality: Criticality;
  versions: string[];
  frameworks: { name: string; version: string | undefined }[];
  endpoints: Endpoint[];
  artifacts: Artifact[];
  /** Logs of an `inference-logs` asset (absent when it names none). */
  logs?: LogSource[];
  relations: Partial<Record<Relation, string[]>>;
  /** Declared and derived attributes; an attribute absent here is false. */
  attributes: ReadonlySet<Attribute>;
  /** Attributes the inventory states false explicitly: not defaults (absent when none). */
  attributesStatedFalse?: Attribute[];
  tags: string[];
  /** Techniques ruled out for this asset by the organisation, with the reason (and where the id is written, for messages). */
  notApplicable: { technique: string; reason: string; at?: { line?: number; column?: number } }[];
  source: SourceLocation;
}
