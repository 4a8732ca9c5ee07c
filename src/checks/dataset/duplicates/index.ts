import { datasetCheck } from '../dataset-check.ts';

export const duplicates = datasetCheck({
  name: 'duplicates',
  kind: 'duplicate',
  title: 'Duplicated and conflicting rows in training data',
  summary: 'Finds exact and near-duplicate rows, and copies whose labels disagree (conflicting duplicates), which skew training or plant contradictory labels.',
  techniques: ['AML.T0059', 'AML.T0020'],
  maxShare: 0.01,
  shareWhy: 'share of rows flagged above which the check fails',
});
