import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineMonitorCheck } from '../monitor-check.ts';
import { extractionDetector } from './detector.ts';
import { ExtractionParams } from './params.ts';

export const extraction = defineMonitorCheck({
  id: 'monitor/extraction',
  title: 'Model extraction in inference logs (PRADA)',
  summary: 'Per client, tests whether the minimum distances between its queries look like natural inputs (Shapiro–Wilk, after PRADA); synthetic extraction queries do not. Count-based, so a slow extraction over hours is tested as fast as a burst.',
  techniques: ['AML.T0024.002', 'AML.T0005'] as TechniqueId[],
  params: ExtractionParams,
  examples: [
    { title: 'Defaults', params: {} },
    { title: 'PRADA as published (δ 0.9, 100 distances)', params: { threshold: 0.9, minDistances: 100 } },
  ],
  detector: { fields: ['client', 'input', 'label', 'time'], requires: ['input', 'label'], create: extractionDetector },
});
