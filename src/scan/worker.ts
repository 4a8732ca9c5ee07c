import { parentPort } from 'node:worker_threads';
import type { BatchMessage } from './pool.ts';
import { scanFile } from './scan-file.ts';
import type { FileReport } from './types.ts';

/** Reports go back in groups: one message per small file costs more than scanning it. */
const FLUSH_MS = 50;

// A batch of files per message, scanned in order. Reports are posted in order, at the latest FLUSH_MS after
// the previous post (plus the file in progress) and at the end of the batch, so the pool sees progress and
// can time this worker out and replace it if a file misbehaves.
parentPort?.on('message', (job: BatchMessage) => {
  void (async () => {
    let pending: FileReport[] = [];
    let last = performance.now();
    for (const path of job.paths) {
      pending.push(await scanFile(path, job.limits));
      if (performance.now() - last >= FLUSH_MS) {
        parentPort?.postMessage(pending);
        pending = [];
        last = performance.now();
      }
    }
    parentPort?.postMessage(pending);
  })();
});
