import { stringify } from 'yaml';

/**
 * A synthetic organisation for benchmarks and scale tests: per business line, a model with its training
 * set, inference logs and feature store, sharing platforms and environments, plus a control register.
 * Deterministic for a given size.
 */
export function generateOrganisation(assetCount: number): { inventory: string; register: string } {
  const assets: object[] = [
    { id: 'cloud', name: 'Cloud account', element: 'environment', kind: 'cloud-account', criticality: 'high' },
    { id: 'cluster', name: 'Serving cluster', element: 'environment', kind: 'cluster', criticality: 'high', relations: { runsIn: ['cloud'] } },
    { id: 'registry', name: 'Model registry', element: 'platform', kind: 'model-registry', attributes: { storesSecrets: true }, relations: { runsIn: ['cluster'] } },
    { id: 'pipeline', name: 'Training pipeline', element: 'platform', kind: 'training-pipeline', attributes: { thirdPartyArtifacts: true, runsUserCode: true }, relations: { runsIn: ['cluster'] } },
  ];
  const kinds = ['classifier', 'regressor', 'llm', 'recommender', 'agent', 'forecaster'] as const;
  const exposures = ['public', 'partner', 'internal'] as const;
  const criticalities = ['low', 'medium', 'high', 'critical'] as const;
  for (let i = 0; assets.length < assetCount; i++) {
    const kind = kinds[i % kinds.length] ?? 'classifier';
    const llm = kind === 'llm' || kind === 'agent';
    assets.push({ id: `data-${i}`, name: `Training data ${i}`, element: 'data', kind: llm ? 'rag-corpus' : 'training-set', dataSensitivity: i % 3 === 0 ? 'restricted' : 'internal', attributes: { externalSource: i % 4 === 0, userWritable: llm } });
    assets.push({
      id: `model-${i}`,
      name: `Model ${i}`,
      element: 'model',
      kind,
      owner: `team-${i % 17}`,
      exposure: exposures[i % 3],
      authentication: i % 5 === 0 ? 'none' : 'api-key',
      criticality: criticalities[i % 4],
      dataSensitivity: i % 2 === 0 ? 'confidential' : 'internal',
      endpoints: [`https://model-${i}.svc.example/predict`],
      artifacts: [`s3://models/model-${i}/model.pt`],
      attributes: { returnsScores: i % 2 === 0, thirdPartyArtifacts: i % 3 === 0, hasTools: kind === 'agent', retrievesUntrustedContent: llm },
      relations: { [llm ? 'retrievesFrom' : 'trainedOn']: [`data-${i}`], servedBy: ['registry'], runsIn: ['cluster'], logsTo: [`logs-${i}`] },
    });
    assets.push({ id: `logs-${i}`, name: `Inference logs ${i}`, element: 'data', kind: 'inference-logs', dataSensitivity: 'confidential' });
  }
  const controls = [
    { control: 'model-api-authentication', status: 'implemented', scope: 'all', evidence: ['gateway policy'], lastVerified: '2026-09-01' },
    { control: 'inference-rate-limiting', status: 'implemented', scope: { kinds: ['classifier', 'regressor'] }, evidence: ['quota config'], lastVerified: '2026-10-01' },
    { control: 'model-file-scanning', status: 'partial', scope: 'all' },
    { control: 'inference-telemetry-alerting', status: 'implemented', scope: { elements: ['model'] }, evidence: ['SIEM rule'], lastVerified: '2025-01-01' },
    { control: 'training-data-provenance', status: 'planned', scope: 'all' },
  ];
  return { inventory: stringify({ organisation: `Generated ${assetCount}`, assets: assets.slice(0, assetCount) }), register: stringify({ controls }) };
}
