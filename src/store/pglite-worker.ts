import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What the store needs of a PGlite: the in-process one, or PgliteInWorker below. */
export interface PgliteHandle {
  readonly waitReady: Promise<void>;
  readonly closed: boolean;
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/** What crosses to the worker: settings added to PGlite's own start parameters, and initdb's (a new store only). */
export interface WorkerOptions {
  settings: string[];
  initDbStartParams?: string[];
}

/**
 * The worker's whole program. CommonJS in a string rather than a file, so it runs the same from dist/, from tsx and
 * under vitest (none of which would load a .ts worker file alike); it loads PGlite's CommonJS build by path.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const { settings, initDbStartParams } = workerData.options;
const ready = PGlite.create(workerData.dir, {
  startParams: [...PGlite.defaultStartParams, ...settings],
  ...(initDbStartParams ? { initDbStartParams } : {}),
  // PGlite reports a damaged folder on its own stderr as well as by rejecting; the rejection is what is shown.
  onStdout: () => true,
  onStderr: () => true,
});
ready.catch(() => undefined);
parentPort.on('message', async ({ id, op, sql, params }) => {
  try {
    const pglite = await ready;
    let result = null;
    if (op === 'query') {
      const out = await pglite.query(sql, params);
      result = { rows: out.rows, affectedRows: out.affectedRows };
    } else if (op === 'exec') await pglite.exec(sql);
    else if (op === 'close' && !pglite.closed) await pglite.close();
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    if (op === 'close') return parentPort.postMessage({ id, ok: true, result: null });
    const fields = {};
    for (const key of ['message', 'code', 'detail', 'hint', 'severity', 'table', 'column', 'constraint']) if (error && error[key] !== undefined) fields[key] = String(error[key]);
    parentPort.postMessage({ id, ok: false, error: fields.message ? fields : { message: String(error) } });
  }
});
`;

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: Record<string, string>;
}

/**
 * PGlite in a worker thread. PGlite runs PostgreSQL as WebAssembly on the thread that created it; starting it is
 * about half a second of CPU (compiling, unpacking its files, PostgreSQL's own start). On its own thread that start
 * runs beside the review's analysis on the main thread, instead of before it. Queries go one at a time (the
 * dialect queues them), so requests and replies pair by id.
 *
 * The worker keeps the process alive only while a request is waiting for its reply: a store that is never closed
 * (an error path) cannot hold the process open, and one that is waited on cannot let it exit early.
 */
export class PgliteInWorker implements PgliteHandle {
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private isClosed = false;
  private stopped: Error | undefined;

  constructor(dir: string, options: WorkerOptions) {
    const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    this.worker = new Worker(PROGRAM, { eval: true, workerData: { pglite, dir, options } });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.failAll((this.stopped = error)));
    this.worker.on('exit', () => this.failAll((this.stopped ??= new Error('the PGlite worker stopped'))));
    this.waitReady = this.request('ready').then(() => undefined);
    // Whoever waits on it sees the failure; one nobody waits on (every query fails the same way) is not an error.
    this.waitReady.catch(() => undefined);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<{ rows: R[]; affectedRows?: number }> {
    return (await this.request('query', sql, params)) as { rows: R[]; affectedRows?: number };
  }

  async exec(sql: string): Promise<unknown> {
    return this.request('exec', sql);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    // A worker that stopped (PGlite aborted) has nothing left to close, and would never answer.
    if (!this.stopped) await this.request('close').catch(() => undefined);
    this.isClosed = true;
    await this.worker.terminate();
  }

  private request(op: string, sql?: string, params?: unknown[]): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, op, sql, params });
    });
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(Object.assign(new Error(reply.error?.message ?? 'PGlite failed'), reply.error));
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    this.worker.unref();
  }
}
