import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FSStream, SevenZipModule, SevenZipModuleFactory, SevenZipModuleOptions } from '7z-wasm';

/**
 * 7-Zip 24.09 itself, through 7z-wasm (the 7-Zip sources compiled to WebAssembly; the .wasm ships in the
 * npm package, nothing is fetched). It reads 7z archives with every coder 7-Zip knows (LZMA, LZMA2, PPMd,
 * BZip2, Deflate, BCJ/BCJ2/ARM64 filters, AES) and the xz, legacy .lzma and bzip2 streams, concatenated
 * streams included.
 *
 * 7-Zip cannot stream its output to us, so it extracts into the module's in-memory file system, and every
 * write into that folder goes through a quota: per file, in total, and the file's deadline. A write past the
 * quota is cut to what fits and then fails with ENOSPC, so 7-Zip stops at the cap like on a full disk and the
 * part already written can still be scanned.
 *
 * The WebAssembly module is compiled once per thread; each archive gets a fresh instance of it (≈ 1 ms), so a
 * 7-Zip that threw or ran out of memory leaves nothing behind for the next archive. Sessions run one at a
 * time (a tar of a thousand .xz members must not hold a thousand instances), each starts only if the file's
 * deadline has not passed, and its instance is dropped when it ends.
 */
export type SevenZipType = '7z' | 'xz' | 'lzma' | 'bzip2';

export interface Quota {
  perFile: number;
  total: number;
  deadline: number;
}

export interface SevenZipEntry {
  path: string;
  size: number | undefined;
  isDir: boolean;
  isLink: boolean;
  encrypted: boolean;
  method: string;
}

export interface SevenZipRun {
  /** 7-Zip's exit code, or undefined when it threw (C++ exception, out of memory). */
  exitCode: number | undefined;
  /** 7-Zip's error and warning lines, archive path removed. */
  messages: string[];
  /** Files it extracted (regular files only), relative to the output folder, in 7-Zip's naming. */
  files: { path: string; data: Uint8Array }[];
  /** Bytes it wrote; why it was stopped, if the quota stopped it. */
  written: number;
  stopped: 'size' | 'time' | undefined;
}

const EXTENSION: Record<SevenZipType, string> = { '7z': '7z', xz: 'xz', lzma: 'lzma', bzip2: 'bz2' };
/** A fixed password: 7-Zip then never prompts, and an encrypted member fails to decode instead. */
const PASSWORD = '-prampart-has-no-password';
const ENOSPC = 28;

interface Fs {
  write(stream: FSStream, buffer: ArrayBufferView, offset: number, length: number, position?: number, canOwn?: boolean): number;
  ErrnoError: new (errno: number) => Error;
}

/** The WebAssembly API as used here: the project's `lib` (ES2023, no DOM) does not declare it. */
interface Wasm {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Instance: new (module: WasmModule, imports: object) => object;
}
type WasmModule = { readonly brand: unique symbol };
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

type Options = Partial<SevenZipModuleOptions> & {
  /** Emscripten's hook to instantiate the module ourselves; 7z-wasm's types leave it out. */
  instantiateWasm(imports: object, receive: (instance: object) => void): object;
};

let loaded: Promise<{ factory: SevenZipModuleFactory; module: WasmModule }> | undefined;

/** 7z-wasm's factory and its compiled module, loaded once (an import and a compile cost more than a run). */
function load7z(): Promise<{ factory: SevenZipModuleFactory; module: WasmModule }> {
  loaded ??= (async () => {
    // A CommonJS module typed as `export default`: under NodeNext the factory is `default.default`.
    const factory = (await import('7z-wasm')).default.default;
    const path = createRequire(import.meta.url).resolve('7z-wasm/7zz.wasm');
    return { factory, module: await wasm.compile(await readFile(path)) };
  })();
  // A failure is not cached: the next archive tries again (and fails the same way, inconclusive).
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

async function instance(lines: string[]): Promise<SevenZipModule> {
  const { factory, module } = await load7z();
  return new Promise((resolve, reject) => {
    const options: Options = {
      print: (line) => lines.push(line),
      printErr: (line) => lines.push(line),
      // Emscripten reads `null` as end of input; the type says number.
      stdin: () => null as unknown as number,
      instantiateWasm(imports, receive) {
        // Synchronous: the module is already compiled, and the asynchronous path idles for milliseconds.
        // Emscripten waits for `receive` forever, so a failed instantiation must reject the factory's promise.
        try {
          receive(new wasm.Instance(module, imports));
        } catch (e) {
          reject(e as Error);
        }
        return {};
      },
    };
    factory(options).then(resolve, reject);
  });
}

/** The tail of the queue of 7-Zip sessions: each waits for the one before it. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `use` on `input` loaded into a fresh 7-Zip instance, after every session queued before it; the
 * instance is dropped when `use` returns. Resolves to `'late'` without starting 7-Zip when the deadline
 * passed while waiting.
 */
export function withSevenZip<T>(input: Uint8Array, type: SevenZipType, deadline: number, use: (session: SevenZipSession) => T): Promise<T | 'late'> {
  const run = queue.then(async () => {
    if (Date.now() > deadline) return 'late' as const;
    const session = await openSevenZip(input, type);
    return use(session);
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Runs one 7-Zip command; 7z-wasm sets `process.exitCode` when 7-Zip exits non-zero, which we undo. */
function call(mod: SevenZipModule, args: string[]): number | undefined {
  const saved = process.exitCode;
  try {
    return mod.callMain(args) as unknown as number;
  } catch {
    return undefined;
  } finally {
    process.exitCode = saved;
  }
}

export interface SevenZipListing {
  entries: SevenZipEntry[];
  exitCode: number | undefined;
  messages: string[];
}

/** One archive loaded into a fresh 7-Zip: list it, then extract it under a quota. */
export interface SevenZipSession {
  list(): SevenZipListing;
  extract(quota: Quota): SevenZipRun;
}

async function openSevenZip(input: Uint8Array, type: SevenZipType): Promise<SevenZipSession> {
  const lines: string[] = [];
  const mod = await instance(lines);
  const archive = load(mod, input, type);
  const run = (args: string[]): number | undefined => {
    lines.length = 0;
    return call(mod, [...args, `-t${type}`, '-bd', PASSWORD, archive]);
  };
  return {
    list() {
      const exitCode = run(['l', '-slt']);
      return { entries: parseListing(lines), exitCode, messages: problems(lines, archive) };
    },
    extract(quota) {
      const result: SevenZipRun = { exitCode: undefined, messages: [], files: [], written: 0, stopped: undefined };
      withQuota(mod, quota, result);
      mod.FS.mkdir('/out');
      // -aou: a name that occurs twice (or two names that sanitise alike) is renamed, never overwritten.
      result.exitCode = run(['x', '-y', '-aou', '-o/out']);
      result.messages = problems(lines, archive);
      collect(mod, '/out', '', result.files);
      return result;
    },
  };
}

/** Every write under /out goes through the quota; past it, the write is cut to what fits and fails with ENOSPC. */
function withQuota(mod: SevenZipModule, quota: Quota, run: SevenZipRun): void {
  const fs = mod.FS as unknown as Fs;
  const write = fs.write.bind(fs);
  const perFile = new Map<string, number>();
  fs.write = (stream, buffer, offset, length, position, canOwn) => {
    const path = (stream as FSStream & { path?: string }).path ?? '';
    if (!path.startsWith('/out/')) return write(stream, buffer, offset, length, position, canOwn);
    if (!run.stopped && Date.now() > quota.deadline) run.stopped = 'time';
    if (run.stopped) throw new fs.ErrnoError(ENOSPC);
    const used = perFile.get(path) ?? 0;
    const take = Math.min(length, Math.max(0, Math.min(quota.perFile - used, quota.total - run.written)));
    const wrote = take > 0 ? write(stream, buffer, offset, take, position, canOwn) : 0;
    perFile.set(path, used + wrote);
    run.written += wrote;
    if (take < length) {
      run.stopped = 'size';
      throw new fs.ErrnoError(ENOSPC);
    }
    return wrote;
  };
}

function load(mod: SevenZipModule, input: Uint8Array, type: SevenZipType): string {
  const path = `/in/stream.${EXTENSION[type]}`;
  mod.FS.mkdir('/in');
  mod.FS.writeFile(path, input);
  return path;
}

function collect(mod: SevenZipModule, dir: string, prefix: string, into: { path: string; data: Uint8Array }[]): void {
  for (const name of mod.FS.readdir(dir)) {
    if (name === '.' || name === '..') continue;
    const full = `${dir}/${name}`;
    const stat = mod.FS.lstat(full);
    if (mod.FS.isDir(stat.mode)) collect(mod, full, `${prefix}${name}/`, into);
    else if (mod.FS.isFile(stat.mode)) {
      into.push({ path: `${prefix}${name}`, data: mod.FS.readFile(full) });
      mod.FS.unlink(full);
    }
  }
}

/** `7zz l -slt` prints one `Key = Value` block per item; 7-Zip itself replaces control characters in names. */
export function parseListing(lines: string[]): SevenZipEntry[] {
  const start = lines.indexOf('----------');
  if (start < 0) return [];
  const entries: SevenZipEntry[] = [];
  let item: Record<string, string> = {};
  const flush = (): void => {
    if (item.Path !== undefined) {
      const attributes = item.Attributes ?? '';
      const [windows = '', unix = ''] = attributes.split(' ');
      entries.push({
        path: item.Path,
        size: item.Size === undefined || item.Size === '' ? undefined : Number(item.Size),
        isDir: windows.includes('D') || unix.startsWith('d'),
        isLink: unix.startsWith('l') || windows.includes('L'),
        encrypted: item.Encrypted === '+',
        method: item.Method ?? '',
      });
    }
    item = {};
  };
  for (const line of lines.slice(start + 1)) {
    if (line === '') flush();
    const m = /^([A-Za-z ]+?) = (.*)$/.exec(line);
    if (m) item[m[1]!] = m[2]!;
  }
  flush();
  return entries;
}

/** 7-Zip's error and warning lines, without its banner, progress and the archive's own path. */
function problems(lines: string[], archive: string): string[] {
  const out = new Set<string>();
  let section = false;
  for (const raw of lines) {
    const line = raw.replaceAll(archive, '<archive>').trim();
    if (line === '') {
      section = false;
      continue;
    }
    if (/^(ERRORS|WARNINGS):$/.test(line)) {
      section = true;
      continue;
    }
    const m = /^(?:Open )?(?:ERROR|WARNING):\s*(.*)$/.exec(line);
    if (m) {
      if (m[1] && m[1] !== '<archive>' && m[1] !== '<archive> : <archive>') out.add(m[1]);
    } else if (section && !/^[A-Za-z ]+ = /.test(line)) out.add(line);
  }
  return [...out].slice(0, 20);
}
