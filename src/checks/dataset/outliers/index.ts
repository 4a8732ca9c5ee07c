import { datasetCheck } from '../dataset-check.ts';

export const outliers = datasetCheck({
  name: 'outliers',
  kind: 'outlier',
  title: 'Feature outliers in training data',
  summary: "Finds rows with a feature far outside its column's 1–99% range (more than 1.5 range widths beyond it): injected extreme values and corrupted records.",
  techniques: ['AML.T0020', 'AML.T0059'],
  maxShare: 0.005,
  shareWhy: 'share of rows flagged above which the check fails',
});
