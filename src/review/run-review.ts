import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadApplicability } from '../assess/applicability.ts';
import { analyse, analyseStaged, type Analysis, type AnalysisInput, type RankedFinding } from '../assess/analyse.ts';
import type { Finding } from '../assess/finding.ts';
import type { GistList } from '../assess/finding-gists.ts';
import type { ReviewDocument } from '../report/stream/finding-source.ts';
import { defaultedAttributes } from '../assess/defaulted-attributes.ts';
import { loadAtlas } from '../atlas/load.ts';
import type { Evidence } from '../checks/contract.ts';
import { runInventoryChecks, type CheckSelection } from '../checks/run-checks.ts';
import { recordDataProvenance, type DataProvenance, type PreviousManifest, type ProvenanceRun } from '../data/provenance/review-provenance.ts';
import { loadControlLibrary } from '../controls/library.ts';
import { loadInventory, type Inventory } from '../inventory/load.ts';
import { checkInventorySize } from '../inventory/size-limit.ts';
import { RAMPART_VERSION } from '../version.ts';
import { REVIEW_SCHEMA, snapshotAsset, snapshotMatrix, type Review } from './review.ts';
import { validateReferences } from './validate-references.ts';
import { timing } from '../util/timing.ts';
import { collectGarbage } from '../util/collect-garbage.ts';

export interface ReviewOptions {
  /** Inventory folder or file. */
  inventory: string;
  /** ATLAS release to review against; the bundled one by default. */
  atlasFile?: string;
  reviewDate?: Date;
  verificationWindowDays?: number;
  evidence?: Evidence[];
  /** Run the registered checks on the targets the inventory names (`--checks`); their evidence joins `evidence`. Off by default: checks send traffic. */
  checks?: CheckSelection | false;
  clock?: () => Date;
  /** Refuse an inventory whose files exceed this many bytes, before reading them (`--max-inventory`). */
  maxInventoryBytes?: number;
  /**
   * Manifest the data assets' files and compare them with the organisation's previous manifests (a stored review);
   * what changed becomes evidence. `record` receives the manifests to store with the review.
   */
  provenance?: { previous: (organisation: string) => Promise<readonly PreviousManifest[]>; record: (run: ProvenanceRun) => void };
  /** Told which files were read as inventory and which YAML files of the folder were skipped, as soon as it is known. */
  onInventory?: (read: Pick<Inventory, 'files' | 'skipped'>) => void;
}

export const DEFAULT_VERIFICATION_WINDOW_DAYS = 365;

/** Load inventory, register, ATLAS, applicability and controls; analyse; return the review. */
export async function runReview(options: ReviewOptions): Promise<Review> {
  const loaded = await load(options);
  const { findings, ...analysis } = analyse(loaded.analysisInput);
  return { ...header(loaded), findings, ...analysis, ...trailer(loaded) };
}

/**
 * A review for the store: everything but its findings, each finding's gist in rank order, and the findings with
 * their ranks for the store to take as they come. Its values are those `runReview` gives.
 *
 * Up to HOLD_ASSETS assets the review is analysed once and held whole (`held`): the store takes the findings from
 * memory and the reports read them there. Past it the review is staged: the findings are computed again on demand,
 * asset by asset (src/assess/analyse.ts `analyseStaged`), and never all held; the reports read them back from the
 * store. A second pass and a read-back cost a small review more than holding it (the example: 646 findings, ~1 MB).
 */
export interface StagedReview {
  /** The review without its findings; `findings` is an empty placeholder that keeps the key's place in review.json. */
  document: ReviewDocument;
  ranked: GistList;
  findings(): Iterable<RankedFinding>;
  /** Every finding in rank order, when the review was small enough to hold (see HOLD_ASSETS). */
  held?: readonly Finding[];
  /** Drop the gists and the analysis state (see analyseStaged); `findings()` cannot be called again. */
  release(): void;
}

/** Reviews of up to this many assets are held whole (~27,000 findings, ~40 MB at 1,000); larger ones are staged. */
export const HOLD_ASSETS = 1_000;

export async function stageReview(options: ReviewOptions, holdAssets = HOLD_ASSETS): Promise<StagedReview> {
  const loaded = await load(options);
  timing('review: inputs loaded');
  if (loaded.inventory.assets.length <= holdAssets) {
    const { findings, ...analysis } = analyse(loaded.analysisInput);
    const document = { ...header(loaded), findings: [], ...analysis, ...trailer(loaded) };
    timing('review: analysed');
    return { document, ranked: findings, held: findings, findings: () => findings.map((finding, rank) => ({ rank, finding })), release: () => undefined };
  }
  // A full collection every batch of the first pass: see analyse.ts FIRST_PASS_BATCH.
  const staged = analyseStaged(loaded.analysisInput, collectGarbage);
  // The key order of runReview's review, so review.json reads the same whichever way the review was made.
  const document = { ...header(loaded), findings: [], ...staged.analysis, ...trailer(loaded) };
  return { document, ranked: staged.ranked, findings: () => staged.findings(), release: () => staged.release() };
}

type Loaded = Awaited<ReturnType<typeof load>>;

async function load(options: ReviewOptions) {
  const clock = options.clock ?? (() => new Date());
  if (options.maxInventoryBytes !== undefined) await checkInventorySize(options.inventory, options.maxInventoryBytes);
  const [atlas, bundled, applicability, inventory] = await Promise.all([loadAtlas(options.atlasFile), loadAtlas(), loadApplicability(), loadInventory(options.inventory)]);
  // The shipped library is reviewed against the bundled release; under another release, ids that release
  // lacks simply match nothing, and its new techniques show up as not yet assessed.
  options.onInventory?.(inventory);
  const library = await loadControlLibrary(bundled);
  validateReferences(inventory, library, atlas);
  const reviewDate = options.reviewDate ?? startOfDay(clock());
  const verificationWindowDays = options.verificationWindowDays ?? DEFAULT_VERIFICATION_WINDOW_DAYS;
  const evidence = [...(options.evidence ?? [])];
  if (options.checks) {
    const root = (await stat(options.inventory)).isDirectory() ? options.inventory : dirname(options.inventory);
    evidence.push(...(await runInventoryChecks(inventory, { ...options.checks, root, clock })));
  }
  let dataProvenance: DataProvenance | undefined;
  if (options.provenance) {
    const root = (await stat(options.inventory)).isDirectory() ? options.inventory : dirname(options.inventory);
    const { previous } = options.provenance;
    // Asked only when a data asset names a local file: asking waits for the store to open, which the analysis need not.
    const run = await recordDataProvenance(inventory.assets, { root, previous: () => previous(inventory.organisation), clock });
    evidence.push(...run.evidence);
    options.provenance.record(run);
    if (run.section.files.length > 0) dataProvenance = run.section;
  }
  const analysisInput: AnalysisInput = { atlas, applicability: applicability.entries, library, inventory, evidence, reviewDate, verificationWindowDays, maturityReference: bundled };
  return { options, clock, atlas, bundled, applicability, inventory, reviewDate, verificationWindowDays, evidence, analysisInput, dataProvenance };
}

function header(loaded: Loaded): Omit<Review, keyof Analysis | 'defaultedAttributes' | 'dataProvenance'> {
  const { options, atlas, bundled, inventory, reviewDate } = loaded;
  return {
    schema: REVIEW_SCHEMA,
    rampartVersion: RAMPART_VERSION,
    atlasVersion: atlas.version,
    reviewDate: reviewDate.toISOString().slice(0, 10),
    generatedAt: loaded.clock().toISOString(),
    organisation: inventory.organisation,
    inventory: { root: options.inventory, files: inventory.files, notes: inventory.notes, ...(inventory.skipped.length > 0 ? { skipped: inventory.skipped } : {}) },
    settings: { verificationWindowDays: loaded.verificationWindowDays },
    assets: inventory.assets.map(snapshotAsset),
    matrix: snapshotMatrix(atlas, bundled),
    evidence: loaded.evidence,
  };
}

function trailer({ inventory, applicability, atlas, dataProvenance }: Loaded) {
  return { defaultedAttributes: defaultedAttributes(inventory.assets, applicability.entries, (id) => atlas.techniques.has(id)), ...(dataProvenance ? { dataProvenance } : {}) };
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
