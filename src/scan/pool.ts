import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ruleOf } from './rules.ts';
import type { FileReport, ScanLimits } from './types.ts';

/**
 * Scans files in worker threads. Each worker has a heap cap, and a file that overruns its time budget
 * (twice the cooperative deadline) has its worker terminated: the file is reported inconclusive and a
 * fresh worker takes the next one. A hostile file can cost a worker, never the scan.
 */
interface Job {
  index: number;
  path: string;
}

const HEAP_MB = 1536;

export async function scanInWorkers(files: string[], limits: ScanLimits, jobs: number, onReport?: (r: FileReport, done: number, total: number) => void): Promise<FileReport[]> {
  const results: FileReport[] = new Array<FileReport>(files.length);
  let next = 0;
  let done = 0;
  const here = fileURLToPath(import.meta.url);
  const workerUrl = new URL(`./worker${extname(here)}`, import.meta.url);

  const finish = (index: number, report: FileReport): void => {
    results[index] = report;
    done++;
    onReport?.(report, done, files.length);
  };

  const runner = async (): Promise<void> => {
    let worker: Worker | undefined;
    while (next < files.length) {
      const job: Job = { index: next, path: files[next]! };
      next++;
      worker ??= startWorker(workerUrl);
      const w = worker;
      const report = await new Promise<FileReport>((resolve) => {
        const timer = setTimeout(() => {
          void w.terminate();
          resolve(failed(job.path, `time limit of ${limits.timeMs * 2} ms exceeded; the scan was stopped`));
        }, limits.timeMs * 2);
        const cleanup = (): void => {
          clearTimeout(timer);
          w.removeAllListeners('message');
          w.removeAllListeners('error');
          w.removeAllListeners('exit');
        };
        w.on('message', (r: FileReport) => {
          cleanup();
          resolve(r);
        });
        w.on('error', (e: Error) => {
          cleanup();
          resolve(failed(job.path, `scanner worker failed: ${e.message}`));
        });
        w.on('exit', (code) => {
          cleanup();
          resolve(failed(job.path, `scanner worker exited (${code}), likely out of memory`));
        });
        w.postMessage({ path: job.path, limits });
      });
      if (report.findings.some((f) => f.message.startsWith('scanner worker') || f.message.startsWith('time limit of'))) {
        void worker.terminate();
        worker = undefined;
      }
      finish(job.index, report);
    }
    await worker?.terminate();
  };

  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, runner));
  return results;
}

/** From TypeScript sources (tests, `npm run bench`) the worker registers tsx itself; built code is plain JS. */
function startWorker(url: URL): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: HEAP_MB };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { resourceLimits });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}

function failed(path: string, message: string): FileReport {
  const rule = ruleOf('pickle/limit');
  return {
    path, formats: [], verdict: 'inconclusive', bytes: 0, durationMs: 0,
    findings: [{ rule: 'pickle/limit', level: 'inconclusive', message, file: path, techniques: [...rule.techniques] }],
  };
}
