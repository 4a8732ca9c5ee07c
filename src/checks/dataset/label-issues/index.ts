import { datasetCheck } from '../dataset-check.ts';

export const labelIssues = datasetCheck({
  name: 'label-issues',
  kind: 'label-issue',
  title: 'Mislabelled rows in training data (confident learning)',
  summary: 'Finds rows whose label disagrees with out-of-fold predictions of logistic regression and k-NN, by confident learning (per-class thresholds, calibrated confident joint, pruning by noise rate): random and targeted label flips.',
  techniques: ['AML.T0020', 'AML.T0059'],
  maxShare: 0.03,
  shareWhy: 'share of rows flagged above which the check fails (real data carries some honest label noise)',
});
