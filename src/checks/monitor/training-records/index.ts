import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineMonitorCheck } from '../monitor-check.ts';
import { trainingRecordsDetector, TrainingRecordsParams } from './detector.ts';

export const trainingRecords = defineMonitorCheck({
  id: 'monitor/training-records',
  title: 'Training records sent as queries in inference logs',
  summary: 'Given the training set’s record fingerprints, flags a client whose queries are training records far more often than other clients’ — the candidate records of membership inference; given the training data itself, also records sent with noise, by their distance to the nearest training record.',
  techniques: ['AML.T0024.000'] as TechniqueId[],
  params: TrainingRecordsParams,
  examples: [
    { title: 'Defaults', params: {} },
    { title: 'Training data is part of normal traffic: a higher floor', params: { baseline: 0.1, minHits: 10 } },
  ],
  trainingRecords: 'required',
  detector: { fields: ['client', 'input', 'label', 'time'], requires: ['input'], create: trainingRecordsDetector },
});
