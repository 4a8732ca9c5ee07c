import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { FolderCopy } from './pglite-folder.ts';

/** What the store needs of a PGlite: the in-process one, or PgliteInWorker below. */
export interface PgliteHandle {
  readonly waitReady: Promise<void>;
  readonly closed: boolean;
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/** A store's PGlite (PgliteInWorker): also what kysely cannot do. */
export interface StorePglite extends PgliteHandle {
  /** `COPY … FROM STDIN` with `text` (COPY's text format, in pieces that need not end at a row) as its input; the rows copied. */
  copyFrom(sql: string, text: readonly string[]): Promise<number>;
}

/**
 * What crosses to the worker: settings added to PGlite's own start parameters, initdb's (a new store only), and the
 * folder to copy into PGlite's folder before it starts (pglite-folder.ts `planStagingCopy`).
 */
export interface WorkerOptions {
  settings: string[];
  initDbStartParams?: string[];
  copy?: FolderCopy;
}

/**
 * The worker's whole program. CommonJS in a string rather than a file, so it runs the same from dist/, from tsx and
 * under vitest (none of which would load a .ts worker file alike); it loads PGlite's CommonJS build by path.
 *
 * It loads PGlite, compiles its WebAssembly and reads its file bundle as soon as it starts, before it is given a
 * folder (`open`): a worker started early (warmPglite) does that while the main thread locks and copies the store.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const { chmodSync, constants, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { basename, dirname, join, relative } = require('node:path');
// RAMPART_TIMING=1 (util/timing.ts): the worker's phases, in the main thread's clock, with this thread's CPU time.
const timing = workerData.timing ? (phase) => {
  const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
  const at = performance.timeOrigin + performance.now() - workerData.timing;
  require('node:fs').writeSync(2, '[timing] ' + at.toFixed(0).padStart(6) + ' ms  worker ' + String((Number(fields[11]) + Number(fields[12])) * 10).padStart(5) + ' ms  ' + phase + '\\n');
} : () => undefined;
timing('worker: started');
// V8 runs PGlite's WebAssembly as baseline (Liftoff) code and recompiles each function that gets hot with TurboFan on
// background threads. A review of the example made it recompile about a second of CPU's worth, on a 2-core machine
// beside the worker and the analysis, for a start and a write that last well under a second each. 300 times V8's
// budget (1.8 MB of code run per function) before a function is recompiled: the example's review took 2.4-2.6 s of
// CPU before, 1.6-1.8 s after, peak memory 290 -> 220 MB; a 1,000-asset review, whose write lasts seconds, still gets
// its hot functions recompiled (8.4-8.9 -> 7.7 s of CPU, the worker's own time unchanged; Liftoff only made the
// worker 15-25% slower there). Set before the module is compiled: V8 reads it when a function's code is made.
// The flag is the process's: the scanners' WebAssembly (7-Zip, HDF5) is recompiled later too, its long runs still are.
require('node:v8').setFlagsFromString('--wasm-tiering-budget=' + 300 * 1800000);
const { PGlite } = require(workerData.pglite);
timing('worker: PGlite loaded');
let artifacts = {};
try {
  const dist = dirname(workerData.pglite);
  const wasm = workerData.compiled ? undefined : readFileSync(join(dist, 'pglite.wasm'));
  const fsBundle = new Blob([readFileSync(join(dist, 'pglite.data'))]);
  // Compiled once per process: the first worker sends its module back, later workers are given it (PgliteInWorker.compiled).
  const compiled = workerData.compiled ? Promise.resolve(workerData.compiled) : WebAssembly.compile(wasm);
  artifacts = { fsBundle, pgliteWasmModule: compiled };
  if (!workerData.compiled) compiled.then((module) => parentPort.postMessage({ compiled: module }), () => undefined);
} catch {
  // Another layout of PGlite's files: PGlite finds them itself.
}
let ready = Promise.reject(new Error('PGlite was given no folder'));
ready.catch(() => undefined);
// The writer's staging copy (pglite-folder.ts): the lock file of a PGlite that ran in the source means nothing in a copy.
function copyFolder({ from, directories, own, update }, to) {
  try {
    if (update) updateFolder(from, to);
    else cpSync(from, to, { recursive: true, mode: constants.COPYFILE_FICLONE, filter: (source) => basename(source) !== 'postmaster.pid' });
    for (const directory of directories) mkdirSync(join(to, directory), { recursive: true });
    if (!own) return;
    chmodSync(to, 0o700);
    for (const entry of readdirSync(to, { recursive: true, withFileTypes: true })) chmodSync(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
  } catch (error) {
    throw Object.assign(error, { stage: 'copy' });
  }
}
// The spare made equal to the store (pglite-folder.ts FolderCopy.update): a file that differs is rewritten in place,
// one the store lacks removed, one the spare lacks created.
function updateFolder(from, to) {
  const wanted = new Set();
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (entry.name === 'postmaster.pid') continue;
    const path = relative(from, join(entry.parentPath, entry.name));
    wanted.add(path);
    const target = join(to, path);
    if (entry.isDirectory()) {
      try {
        mkdirSync(target, { recursive: true, mode: 0o700 });
      } catch {
        // A file of that name in the spare.
        rmSync(target, { force: true });
        mkdirSync(target, { mode: 0o700 });
      }
      continue;
    }
    const content = readFileSync(join(from, path));
    let same = false;
    try {
      same = readFileSync(target).equals(content);
    } catch (error) {
      // Not in the spare (written below), or a folder there (removed first).
      if (error.code !== 'ENOENT') rmSync(target, { recursive: true, force: true });
    }
    // In place: the file keeps its inode, so no new one is allocated.
    if (!same) writeFileSync(target, content, { mode: 0o600 });
  }
  // Deepest first, so a folder's own entries go before it.
  for (const entry of readdirSync(to, { recursive: true, withFileTypes: true }).reverse()) {
    const path = relative(to, join(entry.parentPath, entry.name));
    if (!wanted.has(path)) rmSync(join(to, path), { recursive: true, force: true });
  }
}
async function start(dir, { settings, initDbStartParams, copy }) {
  timing('worker: asked to open');
  if (copy) copyFolder(copy, dir);
  timing('worker: folder copied');
  const pgliteWasmModule = await artifacts.pgliteWasmModule?.catch(() => undefined);
  timing('worker: WebAssembly compiled');
  return PGlite.create(dir, {
    startParams: [...PGlite.defaultStartParams, ...settings],
    ...(initDbStartParams ? { initDbStartParams } : {}),
    ...(pgliteWasmModule ? { pgliteWasmModule, fsBundle: artifacts.fsBundle } : {}),
    // PGlite reports a damaged folder on its own stderr as well as by rejecting; the rejection is what is shown.
    onStdout: () => true,
    onStderr: () => true,
  });
}
// COPY … FROM STDIN in PostgreSQL's own protocol, handed to PGlite whole: the query, the text as CopyData messages,
// CopyDone. Through PGlite's COPY FROM '/dev/blob' (a query per 64 kB) the same findings took ~30% more CPU: its
// blob device copies into PostgreSQL's memory a byte at a time (an A/B of the example's 745 findings, 2026-12-05).
function copyFrom(pglite, sql, text) {
  const encoder = new TextEncoder();
  const parts = [message(0x51, encoder.encode(sql + '\\0')), ...text.map((piece) => message(0x64, encoder.encode(piece))), message(0x63, new Uint8Array(0))];
  const buffer = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((at, part) => (buffer.set(part, at), at + part.length), 0);
  return pglite.execProtocolRaw(buffer).then(copied);
}
function message(type, body) {
  const out = new Uint8Array(5 + body.length);
  out[0] = type;
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}
// The reply's CommandComplete ('COPY n') gives the rows; an ErrorResponse becomes an error with PostgreSQL's fields.
function copied(reply) {
  const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
  const decoder = new TextDecoder();
  let rows = 0;
  for (let at = 0; at < reply.length; at += 1 + view.getInt32(at + 1)) {
    const body = reply.subarray(at + 5, at + 1 + view.getInt32(at + 1));
    if (reply[at] === 0x43) rows = Number(/^COPY ([0-9]+)/.exec(decoder.decode(body))?.[1] ?? 0);
    if (reply[at] !== 0x45) continue;
    const fields = {};
    for (let i = 0; i < body.length && body[i] !== 0; ) {
      const end = body.indexOf(0, i + 1);
      fields[String.fromCharCode(body[i])] = decoder.decode(body.subarray(i + 1, end));
      i = end + 1;
    }
    throw Object.assign(new Error(fields.M ?? 'COPY failed'), { severity: fields.S, code: fields.C, detail: fields.D, hint: fields.H, table: fields.t, column: fields.c, constraint: fields.n });
  }
  return rows;
}
parentPort.on('message', async ({ id, op, sql, params, text, dir, options }) => {
  try {
    let result = null;
    if (op === 'open') {
      ready = start(dir, options);
      ready.catch(() => undefined);
      await ready;
      timing('worker: PGlite started');
    } else {
      const pglite = await ready;
      if (op === 'query') {
        const out = await pglite.query(sql, params);
        result = { rows: out.rows, affectedRows: out.affectedRows };
      } else if (op === 'copy') result = await copyFrom(pglite, sql, text);
      else if (op === 'exec') await pglite.exec(sql);
      else if (op === 'close' && !pglite.closed) await pglite.close();
    }
    if (op !== 'open' && op !== 'query') timing('worker: ' + op + ' done');
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    if (op === 'close') return parentPort.postMessage({ id, ok: true, result: null });
    const fields = {};
    for (const key of ['message', 'stage', 'code', 'detail', 'hint', 'severity', 'table', 'column', 'constraint']) if (error && error[key] !== undefined) fields[key] = String(error[key]);
    parentPort.postMessage({ id, ok: false, error: fields.message ? fields : { message: String(error) } });
  }
});
`;

/** With RAMPART_TIMING=1, the main thread's time origin, so the worker's phases read on the same clock. */
function timingOrigin(): number | undefined {
  return process.env.RAMPART_TIMING === '1' && process.platform === 'linux' ? performance.timeOrigin : undefined;
}

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
export class PgliteInWorker implements StorePglite {
  /** A worker started ahead of its folder (warmPglite), for the next PgliteInWorker to take. */
  private static warm: PgliteInWorker | undefined;
  /**
   * PGlite's WebAssembly as the process's first worker compiled it. Later workers (a server's or a test file's next
   * store) instantiate it instead of compiling again: half of a store's start, ~0.9 → ~0.45 s of CPU per open.
   */
  private static compiled: WebAssembly.Module | undefined;
  private opened: Promise<void> | undefined;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private isClosed = false;
  private stopped: Error | undefined;

  /** PGlite on `dir`, in the worker warmPglite started if there is one; without `dir`, a worker that waits for open(). */
  constructor(dir?: string, options?: WorkerOptions) {
    const warm = dir === undefined ? undefined : PgliteInWorker.warm;
    if (warm) {
      // Take over the warm worker's thread and what it knows; it is never used on its own again.
      PgliteInWorker.warm = undefined;
      this.worker = warm.worker;
      this.stopped = warm.stopped;
      for (const event of ['message', 'error', 'exit']) this.worker.removeAllListeners(event);
    } else {
      const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
      this.worker = new Worker(PROGRAM, { eval: true, workerData: { pglite, compiled: PgliteInWorker.compiled, timing: timingOrigin() } });
    }
    this.worker.on('message', (reply: Reply | { compiled: WebAssembly.Module }) => {
      if ('compiled' in reply) PgliteInWorker.compiled ??= reply.compiled;
      else this.settle(reply);
    });
    this.worker.on('error', (error) => this.failAll((this.stopped = error)));
    this.worker.on('exit', () => this.failAll((this.stopped ??= new Error('the PGlite worker stopped'))));
    // After the listeners: adding a 'message' listener refs the worker again.
    this.worker.unref();
    if (dir !== undefined) this.open(dir, options ?? { settings: [] });
  }

  static warmUp(): void {
    PgliteInWorker.warm ??= new PgliteInWorker();
  }

  /** Start PGlite on the folder. */
  open(dir: string, options: WorkerOptions): void {
    this.opened = this.request('open', { dir, options }).then(() => undefined);
    // Whoever waits on it sees the failure; one nobody waits on (every query fails the same way) is not an error.
    this.opened.catch(() => undefined);
  }

  get waitReady(): Promise<void> {
    return this.opened ?? Promise.reject(new Error('PGlite was given no folder'));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<{ rows: R[]; affectedRows?: number }> {
    return (await this.request('query', { sql, params })) as { rows: R[]; affectedRows?: number };
  }

  async copyFrom(sql: string, text: readonly string[]): Promise<number> {
    return (await this.request('copy', { sql, text })) as number;
  }

  async exec(sql: string): Promise<unknown> {
    return this.request('exec', { sql });
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    // A worker that stopped (PGlite aborted) has nothing left to close, and would never answer.
    if (!this.stopped) await this.request('close').catch(() => undefined);
    this.isClosed = true;
    await this.worker.terminate();
  }

  private request(op: string, message: { sql?: string; params?: unknown[]; text?: readonly string[]; dir?: string; options?: WorkerOptions } = {}): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, op, ...message });
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

/**
 * Start a worker and load PGlite in it now (about half of PGlite's start: loading its code, compiling its
 * WebAssembly, reading its file bundle), so that the next PgliteInWorker, made once its folder is ready, only has
 * PostgreSQL left to start. The worker holds the process open only while it is asked something.
 */
export function warmPglite(): void {
  PgliteInWorker.warmUp();
}
