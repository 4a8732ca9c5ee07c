import { lstatSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { inputError } from '../errors.ts';
import { scanInWorkers } from './pool.ts';
import { scanFile } from './scan-file.ts';
import { defaultLimits, type FileReport, type ScanLimits } from './types.ts';

/**
 * Expands the paths a user gave (files and folders, recursively) and scans every file, in worker threads
 * when there are enough of them to pay for the start-up. Results come back in path order.
 */
export interface ScanPathsOptions {
  limits?: ScanLimits;
  /**
   * Worker threads; 0 scans in this thread. Default: up to 4 (one per core), only when there is enough
   * work to pay for starting them (`enoughForWorkers`).
   */
  jobs?: number;
  onReport?: (report: FileReport, done: number, total: number) => void;
}

export async function scanPaths(paths: string[], options: ScanPathsOptions = {}): Promise<FileReport[]> {
  const files = expand(paths);
  const limits = options.limits ?? defaultLimits;
  const jobs = options.jobs ?? (enoughForWorkers(files) ? Math.min(4, availableParallelism()) : 0);
  if (jobs > 0 && files.length > 1) return scanInWorkers(files, limits, jobs, options.onReport);
  const reports: FileReport[] = [];
  for (const file of files) {
    const report = await scanFile(file, limits);
    reports.push(report);
    options.onReport?.(report, reports.length, files.length);
  }
  return reports;
}

const POOL_FILES = 64;
const POOL_FILES_BYTES = 16 * 1024 * 1024;
const POOL_BYTES = 64 * 1024 * 1024;

/**
 * Worker start-up (module load and a cold JIT in every thread) only pays off for a real amount of work:
 * 64 MB in all, or 64 files with 16 MB between them. A thousand 1 KB files take ~0.25 s in this thread
 * and longer in workers (see src/scan/README.md, Performance); `--jobs` overrides.
 */
export function enoughForWorkers(files: string[]): boolean {
  if (files.length < 2) return false;
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += statSync(f).size;
    } catch {
      // Reported by the scan itself.
    }
    if (bytes >= POOL_BYTES || (files.length >= POOL_FILES && bytes >= POOL_FILES_BYTES)) return true;
  }
  return false;
}

/** Files under the given paths, sorted; folder symlinks are not followed (no loops). */
export function expand(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw inputError(`no such file or folder: ${p}`, { file: p }, 'check the path; rampart scan takes files and folders');
    }
    if (st.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === '.git') continue;
      walk(full, out);
    } else if (e.isFile()) out.push(full);
    else if (e.isSymbolicLink()) {
      try {
        if (statSync(full).isFile()) out.push(full);
      } catch {
        // A dangling link has nothing to scan.
      }
      void lstatSync;
    }
  }
}

export function displayPath(file: string, base = process.cwd()): string {
  const rel = relative(base, file);
  return rel.startsWith('..') ? file : rel;
}
