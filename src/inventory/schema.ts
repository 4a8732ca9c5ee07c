import { z } from 'zod';
import { idPatterns } from '../atlas/ids.ts';
import { Attribute, Authentication, Criticality, DataSensitivity, Element, EndpointProtocol, Exposure, AssetKind, KINDS, Relation } from './vocabulary.ts';
import { ControlClaim } from '../controls/schema.ts';

export const AssetId = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'asset ids are lower-case letters, digits, ".", "_" and "-"');

const Framework = z.union([
  z.object({ name: z.string().min(1), version: z.string().optional() }),
  // Shorthand `torch@2.3.1` or `torch==2.3.1`.
  z.string().min(1).transform((s) => {
    const [name = s, version] = s.split(/@|==/);
    return { name, version };
  }),
]);

const Endpoint = z.union([
  z.object({
    url: z.string().url(),
    protocol: EndpointProtocol.default('http-json'),
    authentication: Authentication.optional(),
    /** A target file for the checks, relative to the inventory file: TARGET.yaml for prediction APIs, a chat target file for openai-chat, ollama-chat and http-chat endpoints. */
    target: z.string().optional(),
    /**
     * Parameters per check id for `review --checks`, e.g. `prediction-api/evasion: { data: inputs.csv,
     * meaningfulDistance: 1.5 }`. A string `data` is a JSON or CSV inputs file relative to the inventory file.
     */
    checks: z.record(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'a check id such as prediction-api/evasion'), z.record(z.string(), z.unknown())).optional(),
  }),
  z.string().url().transform((url) => ({ url, protocol: 'http-json' as const, authentication: undefined, target: undefined, checks: undefined })),
]);

const Artifact = z.union([
  z.object({
    path: z.string().min(1),
    format: z.string().optional(),
    source: z.string().optional(),
    /** Data files: rows are only ever added at the end; a review reports any earlier row changed or removed as tamper evidence. */
    appendOnly: z.boolean().optional(),
    /** Data files: the label column, whose distribution a review compares with the previous one's. */
    label: z.string().min(1).optional(),
    /** Data files: rows per chunk of the manifest (default 10,000); chunks of up to 1,024 rows keep a hash per row. */
    chunkRows: z.number().int().min(1).max(10_000_000).optional(),
  }),
  z.string().min(1).transform((path) => ({ path, format: undefined, source: undefined, appendOnly: undefined, label: undefined, chunkRows: undefined })),
]);

/**
 * A log an `inference-logs` asset keeps, for the `monitor/*` detectors in `review --checks`. With `expect`, it is
 * a replayed attack (a `rampart attack … --query-log` file): the detectors of those techniques must catch it.
 */
const LogSource = z.union([
  z.strictObject({
    /** JSON Lines, relative to the inventory file. */
    path: z.string().min(1),
    /** A preset (rampart, kserve, openai, otel-genai) or a mapping file relative to the inventory file. */
    mapping: z.string().min(1).default('rampart'),
    expect: z.array(z.string().regex(idPatterns.technique, 'not a technique id (AML.T0000)')).min(1).optional(),
    /** Detector parameters per check id, e.g. `monitor/reply-leakage: { canaries: [...] }`. */
    checks: z.record(z.string().regex(/^monitor\/[a-z0-9-]+$/, 'a detector id such as monitor/extraction'), z.record(z.string(), z.unknown())).optional(),
    /**
     * The training records of the model this log serves, for `monitor/training-records` (and evasion search's
     * membership naming): a training-set asset's id (its local data file and `label`), or `{ path, label }`, a
     * dataset file or a `rampart data manifest --records` manifest relative to the inventory file. Absent: the
     * `trainedOn` data of the models that `logsTo` this asset, when exactly one has a local data file.
     */
    trainingData: z.union([AssetId, z.strictObject({ path: z.string().min(1), label: z.string().min(1).optional() })]).optional(),
  }),
  z.string().min(1).transform((path) => ({ path, mapping: 'rampart', expect: undefined, checks: undefined, trainingData: undefined })),
]);

export const AssetInput = z
  .strictObject({
    id: AssetId,
    name: z.string().min(1),
    element: Element,
    kind: AssetKind,
    description: z.string().optional(),
    owner: z.string().min(1).optional(),
    exposure: Exposure.default('internal'),
    authentication: Authentication.default('unknown'),
    dataSensitivity: DataSensitivity.default('internal'),
    criticality: Criticality.default('medium'),
    versions: z.array(z.union([z.string(), z.number().transform(String)])).default([]),
    frameworks: z.array(Framework).default([]),
    endpoints: z.array(Endpoint).default([]),
    artifacts: z.array(Artifact).default([]),
    /** Only on `inference-logs` data assets: the logs the monitor's detectors read. */
    logs: z.array(LogSource).default([]),
    relations: z.partialRecord(Relation, z.array(AssetId)).default({}),
    attributes: z.partialRecord(Attribute, z.boolean()).default({}),
    tags: z.array(z.string()).default([]),
    /** Techniques the organisation rules out for this asset, with the reason (shown in the report). */
    notApplicable: z.array(z.strictObject({ technique: z.string().regex(idPatterns.technique, 'not a technique id (AML.T0000)'), reason: z.string().min(1) })).default([]),
  })
  .superRefine((asset, ctx) => {
    const allowed: readonly string[] = KINDS[asset.element];
    if (!allowed.includes(asset.kind)) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `kind "${asset.kind}" is not a kind of ${asset.element} (one of: ${allowed.join(', ')})` });
    }
    if (asset.logs.length > 0 && asset.kind !== 'inference-logs') {
      ctx.addIssue({ code: 'custom', path: ['logs'], message: `logs belong on an inference-logs data asset, not on a ${asset.kind}` });
    }
  });
export type AssetInput = z.output<typeof AssetInput>;

/** One inventory file: any of organisation, assets and the control register. */
export const InventoryFile = z.strictObject({
  organisation: z.union([z.string().transform((name) => ({ name })), z.object({ name: z.string().min(1) })]).optional(),
  assets: z.array(AssetInput).default([]),
  controls: z.array(ControlClaim).default([]),
});
export type InventoryFile = z.output<typeof InventoryFile>;
