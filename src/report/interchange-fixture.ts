import type { Coverage, Finding, RiskLevel } from '../assess/finding.ts';
import { rollUp } from '../assess/rollup.ts';
import type { TacticId, TechniqueId } from '../atlas/ids.ts';
import { REVIEW_SCHEMA, type AssetSnapshot, type Review } from '../review/review.ts';

/** A hand-built review for the interchange format tests, independent of the applicability data. */
export const HOSTILE_NAME = `Fraud <model> & "scorer" 'v3' ]]> \u0001 end`;

function asset(id: string, name: string, line: number | undefined, over: Partial<AssetSnapshot> = {}): AssetSnapshot {
  return {
    id,
    name,
    element: 'model',
    kind: 'classifier',
    description: undefined,
    owner: 'ml-team',
    exposure: 'public',
    authentication: 'api-key',
    dataSensitivity: 'confidential',
    criticality: 'high',
    versions: [],
    frameworks: [],
    endpoints: [],
    artifacts: [],
    relations: {},
    attributes: [],
    tags: ['payments'],
    notApplicable: [],
    source: { file: 'inventory.yaml', ...(line === undefined ? {} : { line }) },
    ...over,
  } as AssetSnapshot;
}

const TECHNIQUE_NAMES: Record<string, string> = {
  'AML.T0024': 'Exfiltration via AI Inference API',
  'AML.T0051': 'LLM Prompt Injection',
  'AML.T0010': 'AI Supply Chain Compromise',
  'AML.T0010.001': 'AI Software',
  'AML.T0020': 'Poison Training Data',
  'AML.T0099': 'Brand New Technique',
};

export function aFinding(assetId: string, techniqueId: string, coverage: Coverage, score: number, level: RiskLevel, tactics: string[]): Finding {
  return {
    id: `${assetId}/${techniqueId}`,
    assetId,
    techniqueId: techniqueId as TechniqueId,
    techniqueName: TECHNIQUE_NAMES[techniqueId] ?? techniqueId,
    tactics: tactics as TacticId[],
    coverage,
    trail: [
      { kind: 'applies', text: `applies: any model; ${techniqueId} reaches models` },
      { kind: 'verdict', text: `${coverage} <because> & "so"` },
    ],
    controls: coverage === 'prevented' || coverage === 'both' ? ['inference-rate-limiting'] : [],
    risk: {
      score,
      level,
      likelihood: 4,
      impact: score / 4,
      factors: {
        maturity: 'realized',
        maturityFactor: 1,
        caseStudies: 3,
        frequencyFactor: 1,
        access: 'inference-api',
        exposure: 'public',
        authentication: 'api-key',
        reachFactor: 1,
        coverageFactor: 1,
        criticality: 'high',
        effectiveCriticality: 'high',
        criticalityFrom: undefined,
        dataSensitivity: 'confidential',
        harm: ['confidentiality'],
      },
    } as Finding['risk'],
    plan: {
      owner: 'ml-team',
      due: '2026-12-31',
      actions: [{ action: 'implement', control: 'inference-rate-limiting', title: 'Rate-limit inference', type: 'preventive', mitigations: ['AML.M0004'], riskRemoved: 6 }],
    },
  };
}

export function aReview(): Review {
  const findings: Finding[] = [
    aFinding('fraud-model', 'AML.T0024', 'blind-spot', 16, 'critical', ['AML.TA0010']),
    aFinding('chatbot', 'AML.T0024', 'prevented', 3, 'low', ['AML.TA0010']),
    aFinding('chatbot', 'AML.T0051', 'exploited', 12, 'high', ['AML.TA0005', 'AML.TA0007']),
    aFinding('fraud-model', 'AML.T0010.001', 'claimed', 6, 'medium', ['AML.TA0004']),
    aFinding('chatbot', 'AML.T0010.001', 'claimed', 2, 'low', ['AML.TA0004']),
    aFinding('fraud-model', 'AML.T0020', 'detected', 5, 'medium', ['AML.TA0006']),
    aFinding('chatbot', 'AML.T0020', 'both', 1, 'low', ['AML.TA0006']),
  ];
  const elementOf = () => 'model';
  return {
    schema: REVIEW_SCHEMA,
    rampartVersion: '0.1.0',
    atlasVersion: '5.6.0',
    reviewDate: '2026-10-15',
    generatedAt: '2026-10-15T09:30:00.000Z',
    organisation: 'Acme <Bank> & Co',
    inventory: { root: 'examples/acme-bank', files: ['inventory.yaml'], notes: [] },
    settings: { verificationWindowDays: 90 },
    assets: [asset('fraud-model', HOSTILE_NAME, 12), asset('chatbot', 'Support chatbot', 40, { kind: 'llm' as AssetSnapshot['kind'] }), asset('weather', 'Weather model', undefined, { source: { file: 'more assets/extra inventory.yaml' } })],
    matrix: {
      tactics: [
        { id: 'AML.TA0000', name: 'AI Model Access' },
        { id: 'AML.TA0004', name: 'Initial Access' },
        { id: 'AML.TA0005', name: 'Execution' },
        { id: 'AML.TA0006', name: 'Persistence' },
        { id: 'AML.TA0007', name: 'Defense Evasion' },
        { id: 'AML.TA0010', name: 'Exfiltration' },
        { id: 'AML.TA0014', name: 'Command and Control' },
      ],
      techniques: [
        { id: 'AML.T0024', name: TECHNIQUE_NAMES['AML.T0024'] as string, tactics: ['AML.TA0010'], parent: undefined, maturity: 'realized' },
        { id: 'AML.T0051', name: 'LLM Prompt Injection', tactics: ['AML.TA0005', 'AML.TA0007'], parent: undefined, maturity: 'realized' },
        { id: 'AML.T0010', name: 'AI Supply Chain Compromise', tactics: ['AML.TA0004'], parent: undefined, maturity: 'realized' },
        { id: 'AML.T0010.001', name: 'AI Software', tactics: ['AML.TA0004'], parent: 'AML.T0010', maturity: 'realized' },
        { id: 'AML.T0020', name: 'Poison Training Data', tactics: ['AML.TA0006'], parent: undefined, maturity: 'realized' },
        { id: 'AML.T0040', name: 'AI Model Inference API Access', tactics: ['AML.TA0000'], parent: undefined, maturity: 'realized' },
        { id: 'AML.T0072', name: 'Reverse Shell', tactics: ['AML.TA0014'], parent: undefined, maturity: 'demonstrated' },
        { id: 'AML.T0099', name: 'Brand New Technique', tactics: ['AML.TA0014'], parent: undefined, maturity: undefined },
      ],
    },
    evidence: [],
    findings,
    excluded: [{ assetId: 'weather', techniqueId: 'AML.T0040' as TechniqueId, reason: 'no inference API' }],
    notAssessed: [{ techniqueId: 'AML.T0099' as TechniqueId, name: 'Brand New Technique', reason: 'new in ATLAS 5.6.0 — not yet assessed (no applicability entry)' }],
    rollups: rollUp(findings, elementOf),
    plan: [],
  };
}
