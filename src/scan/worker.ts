import { parentPort } from 'node:worker_threads';
import { scanFile } from './scan-file.ts';
import type { ScanLimits } from './types.ts';

// One file per message; the pool owns time limits and replaces this worker if it misbehaves.
parentPort?.on('message', (job: { path: string; limits: ScanLimits }) => {
  void scanFile(job.path, job.limits).then((report) => parentPort?.postMessage(report));
});
