import type { TacticId, TechniqueId } from '../../atlas/ids.ts';
import { COVERAGE_ORDER, type Coverage, type Finding } from '../../assess/finding.ts';
import { levelOf } from '../../assess/risk.ts';
import { rollUp } from '../../assess/rollup.ts';
import { anAsset } from '../../assess/test-support/fixtures.ts';
import { REVIEW_SCHEMA, snapshotAsset, type AssetSnapshot, type MatrixSnapshot, type Review } from '../review.ts';

export interface SyntheticOptions {
  assets: number;
  /** Applicable techniques per asset (a real review averages about 30). */
  techniquesPerAsset?: number;
  /** Changes coverage and scores, so two seeds give two different reviews of the same estate. */
  seed?: number;
  reviewDate?: string;
  atlasVersion?: string;
  /** Techniques beyond the base matrix, as a newer ATLAS release would add. */
  extraTechniques?: string[];
  /** Override single findings by id after generation. */
  findings?: Record<string, Partial<Pick<Finding, 'coverage'>> & { score?: number }>;
}

const TACTICS = Array.from({ length: 16 }, (_, i) => `AML.TA${String(i).padStart(4, '0')}`);
const ELEMENTS = ['environment', 'platform', 'model', 'data'] as const;

/** A review shaped like real ones (trail, plan, factors), built without inventories: for store tests and benchmarks. */
export function syntheticReview(options: SyntheticOptions): Review {
  const perAsset = options.techniquesPerAsset ?? 30;
  const random = lcg(options.seed ?? 1);
  const base = Array.from({ length: Math.max(perAsset, 40) }, (_, i) => `AML.T${String(i).padStart(4, '0')}`);
  const matrix: MatrixSnapshot = {
    tactics: TACTICS.map((id, i) => ({ id, name: `Tactic ${i}` })),
    techniques: [...base, ...(options.extraTechniques ?? [])].map((id, i) => ({ id, name: `Technique ${id}`, tactics: [TACTICS[i % TACTICS.length] as string], parent: undefined, maturity: 'demonstrated' })),
  };
  const assets: AssetSnapshot[] = Array.from({ length: options.assets }, (_, i) =>
    snapshotAsset(
      anAsset({
        id: `asset-${String(i).padStart(5, '0')}`,
        name: `Asset ${i}`,
        element: ELEMENTS[i % ELEMENTS.length] as AssetSnapshot['element'],
        source: { file: 'inventory.yaml', line: i + 1 },
      }),
    ),
  );
  const findings: Finding[] = [];
  for (const asset of assets) {
    for (let t = 0; t < perAsset; t++) {
      const technique = matrix.techniques[t] as MatrixSnapshot['techniques'][number];
      const coverage = COVERAGE_ORDER[Math.floor(random() * COVERAGE_ORDER.length)] as Coverage;
      const score = Math.round(random() * 250) / 10;
      findings.push(aFinding(asset.id, technique, coverage, score));
    }
  }
  for (const [id, change] of Object.entries(options.findings ?? {})) {
    const index = findings.findIndex((f) => f.id === id);
    const found = findings[index];
    if (!found) throw new Error(`syntheticReview: no finding ${id}`);
    const technique = matrix.techniques.find((t) => t.id === found.techniqueId) as MatrixSnapshot['techniques'][number];
    findings[index] = aFinding(found.assetId, technique, change.coverage ?? found.coverage, change.score ?? found.risk.score);
  }
  findings.sort((a, b) => b.risk.score - a.risk.score || a.id.localeCompare(b.id));
  const elementOf = new Map(assets.map((a) => [a.id, a.element as string]));
  return {
    schema: REVIEW_SCHEMA,
    rampartVersion: '0.1.0',
    atlasVersion: options.atlasVersion ?? '5.6.0',
    reviewDate: options.reviewDate ?? '2026-11-01',
    generatedAt: `${options.reviewDate ?? '2026-11-01'}T09:00:00.000Z`,
    organisation: 'Synthetic Org',
    inventory: { root: 'synthetic', files: ['inventory.yaml'], notes: [] },
    settings: { verificationWindowDays: 365 },
    assets,
    matrix,
    evidence: [],
    findings,
    excluded: [],
    notAssessed: [],
    rollups: rollUp(findings, (id) => elementOf.get(id) ?? 'unknown'),
    plan: [],
  };
}

function aFinding(assetId: string, technique: MatrixSnapshot['techniques'][number], coverage: Coverage, score: number): Finding {
  return {
    id: `${assetId}/${technique.id}`,
    assetId,
    techniqueId: technique.id as TechniqueId,
    techniqueName: technique.name,
    tactics: technique.tactics as TacticId[],
    coverage,
    trail: [
      { kind: 'applies', text: 'applies: any model with trainsOnExternalData; public data sets give an adversary a close stand-in for what the organisation runs.' },
      { kind: 'verdict', text: `${coverage}: synthetic verdict` },
    ],
    controls: [],
    risk: {
      score,
      level: levelOf(score),
      likelihood: 5,
      impact: Math.round(score / 5),
      factors: { stage: 'harm', stageFactor: 1, maturity: 'demonstrated', maturityFactor: 0.8, caseStudies: 3, frequencyFactor: 0.6, access: 'public-info', exposure: 'internal', authentication: 'none', reachFactor: 1, coverageFactor: 1, criticality: 'medium', effectiveCriticality: 'medium', criticalityFrom: undefined, dataSensitivity: 'internal', harm: ['confidentiality'] },
    },
    plan: {
      owner: 'ml-team',
      due: '2026-12-06',
      actions: [{ action: 'implement', control: 'deployment-metadata-minimisation', title: 'Strip AI stack details from deployed metadata', type: 'preventive', mitigations: ['AML.M0000'], riskRemoved: 3.2 }],
    },
  };
}

/** A small deterministic generator, so synthetic reviews are the same on every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
