import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ruleOf } from './rules.ts';
import type { FileReport, ScanLimits } from './types.ts';

/**
 * Scans files in worker threads. Files go to a worker in batches (many small files per message, one
 * large file alone); reports come back in order, grouped (see worker.ts). Each worker has a heap cap, and
 * a worker that goes silent for longer than a file's time budget (twice the cooperative deadline) is
 * terminated. The files of its batch without a report go back to the queue one per batch, so the file
 * that overruns (or crashes its worker) does it again alone and is the one reported inconclusive. A hostile
 * file can cost a worker, never the scan.
 */
export interface BatchMessage {
  paths: string[];
  limits: ScanLimits;
}

const HEAP_MB = 1536;
/** A roomier young generation than a capped worker gets by default: dense pickles allocate short-lived values fast. */
const YOUNG_MB = 48;
/** A batch closes at this many files or bytes, whichever comes first. */
const BATCH_FILES = 64;
const BATCH_BYTES = 32 * 1024 * 1024;

export async function scanInWorkers(files: string[], limits: ScanLimits, jobs: number, onReport?: (r: FileReport, done: number, total: number) => void): Promise<FileReport[]> {
  const results: FileReport[] = new Array<FileReport>(files.length);
  const sizes = files.map(sizeOf);
  const queue: number[] = files.map((_, k) => k);
  /** Files whose batch failed: they are retried one per batch. */
  const solo = new Set<number>();
  const threads = Math.min(jobs, files.length);
  let done = 0;
  const workerUrl = workerScript();

  const finish = (index: number, report: FileReport): void => {
    results[index] = report;
    done++;
    onReport?.(report, done, files.length);
  };

  /** Small batches towards the end keep every thread busy until the queue is empty. */
  const takeBatch = (): number[] => {
    const cap = Math.max(1, Math.min(BATCH_FILES, Math.ceil(queue.length / (threads * 4))));
    const batch: number[] = [];
    if (solo.has(queue[0]!)) return [queue.shift()!];
    let bytes = 0;
    while (queue.length && !solo.has(queue[0]!) && batch.length < cap && (batch.length === 0 || bytes + sizes[queue[0]!]! <= BATCH_BYTES)) {
      const k = queue.shift()!;
      bytes += sizes[k]!;
      batch.push(k);
    }
    return batch;
  };

  const runner = async (): Promise<void> => {
    let worker: Worker | undefined;
    while (queue.length) {
      const batch = takeBatch();
      worker ??= startWorker(workerUrl);
      const w = worker;
      // Reports arrive in batch order; `next` is the file the worker is on now.
      let next = 0;
      const healthy = await new Promise<boolean>((resolve) => {
        let timer: NodeJS.Timeout;
        const arm = (): void => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            void w.terminate();
            fail(`time limit of ${limits.timeMs * 2} ms exceeded; the scan was stopped`);
          }, limits.timeMs * 2);
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          w.removeAllListeners('message');
          w.removeAllListeners('error');
          w.removeAllListeners('exit');
        };
        /** Alone, the file in progress fails; otherwise the unreported files are retried one by one. */
        const fail = (message: string): void => {
          cleanup();
          const rest = batch.slice(next);
          if (rest.length === 1 || solo.has(rest[0]!)) {
            finish(rest[0]!, failed(files[rest[0]!]!, message));
            rest.shift();
          }
          for (const k of rest) solo.add(k);
          queue.unshift(...rest);
          resolve(false);
        };
        w.on('message', (reports: FileReport[]) => {
          for (const r of reports) finish(batch[next++]!, r);
          if (next === batch.length) {
            cleanup();
            resolve(true);
          } else arm();
        });
        w.on('error', (e: Error) => fail(`scanner worker failed: ${e.message}`));
        w.on('exit', (code) => fail(`scanner worker exited (${code}), likely out of memory`));
        arm();
        w.postMessage({ paths: batch.map((k) => files[k]!), limits } satisfies BatchMessage);
      });
      if (!healthy) {
        void worker.terminate();
        worker = undefined;
      }
    }
    await worker?.terminate();
  };

  await Promise.all(Array.from({ length: threads }, runner));
  return results;
}

/**
 * The worker script: the sibling `worker.js` in the built package; from TypeScript sources, the built
 * `dist/scan/worker.js` when it is at least as new as every scanner source, else the `.ts` worker
 * compiled by tsx at start-up (much slower to start).
 */
function workerScript(): URL {
  const here = fileURLToPath(import.meta.url);
  if (extname(here) !== '.ts') return new URL('./worker.js', import.meta.url);
  const built = builtScanner(dirname(here));
  return built ? pathToFileURL(join(built, 'worker.js')) : new URL('./worker.ts', import.meta.url);
}

let builtCache: { dir: string | undefined } | undefined;

/** `dist/scan` for the `src/scan` folder, if every non-test source there has an up-to-date build. */
export function builtScanner(srcDir: string): string | undefined {
  if (builtCache) return builtCache.dir;
  const distDir = join(srcDir, '..', '..', 'dist', 'scan');
  let ok = existsSync(join(distDir, 'worker.js'));
  const check = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!ok) return;
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'test-support' && e.name !== '__fixtures__') check(full);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) {
        const out = join(distDir, relative(srcDir, full).replace(/\.ts$/, '.js'));
        ok = existsSync(out) && statSync(out).mtimeMs >= statSync(full).mtimeMs;
      }
    }
  };
  if (ok) check(srcDir);
  builtCache = { dir: ok ? distDir : undefined };
  return builtCache.dir;
}

function startWorker(url: URL): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: YOUNG_MB };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { resourceLimits });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function failed(path: string, message: string): FileReport {
  const rule = ruleOf('pickle/limit');
  return {
    path, formats: [], verdict: 'inconclusive', bytes: 0, durationMs: 0,
    findings: [{ rule: 'pickle/limit', level: 'inconclusive', message, file: path, techniques: [...rule.techniques] }],
  };
}
