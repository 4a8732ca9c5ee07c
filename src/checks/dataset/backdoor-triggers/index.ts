import { datasetCheck } from '../dataset-check.ts';

export const backdoorTriggers = datasetCheck({
  name: 'backdoor-triggers',
  kind: 'backdoor',
  title: 'Backdoor trigger patterns in training data',
  summary: 'Finds a few features fixed at one value (a stamped patch) that co-occur with one label far more than chance on rows whose other features look like another class: the signature of a trigger-patch backdoor.',
  techniques: ['AML.T0020', 'AML.T0018.000'],
  maxShare: 0,
  shareWhy: 'share of rows flagged above which the check fails (default: any trigger pattern fails)',
});
