import { gzipSync } from 'node:zlib';
import { dumps, py, type Py } from '../pickle-writer.ts';

/**
 * One evasive file and its benign look-alike. `loader` says how a victim loads it — what the
 * verification script (verify.ts) runs with Python on both files, expecting the marker payload to run
 * on the hostile one only.
 */
export interface AdversarialCase {
  name: string;
  /** Format class, as in src/scan/README.md ("Formats under attack"). */
  kind: string;
  hostile: Uint8Array;
  benign: Uint8Array;
  loader: Loader;
}

export type Loader =
  | { how: 'pickle.load' }
  | { how: 'pickle.load at'; offset: number }
  | { how: 'np.load'; key?: string }
  | { how: 'np.load then pickle.load' }
  | { how: 'joblib.load' }
  | { how: 'tarfile member'; member: string; ignoreZeros?: boolean }
  | { how: 'zipfile member'; member: string }
  | { how: 'decompress then pickle.load'; codec: 'gzip' | 'bz2' | 'lzma' | 'zstd' | 'lz4' }
  | { how: 'h5py then pickle.load' }
  | { how: 'not loadable' };

/** The command the marker payload runs: harmless, and visible to the verifier. */
export const MARKER = 'touch rampart-marker';

export const evilValue = (): Py => py.reduce(py.global('os', 'system'), py.tuple(MARKER));
export const benignValue = (): Py => py.dict({ weights: [1, 2, 3], name: 'tiny' });
export const evilPickle = (protocol = 4): Uint8Array => dumps(evilValue(), protocol);
export const benignPickle = (protocol = 4): Uint8Array => dumps(benignValue(), protocol);
/** `cos\nsystem\n(S'…'\ntR.` — protocol 0, no NUL byte, fits in text fields. */
export const evilP0 = (): Uint8Array => Buffer.from(`cos\nsystem\n(S'${MARKER}'\ntR.`, 'latin1');
export const benignP0 = (): Uint8Array => Buffer.from("(dp0\nS'name'\np1\nS'tiny'\np2\ns.", 'latin1');

export const bytes = (...parts: (Uint8Array | number[] | string)[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

export const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
export const u64 = (n: number): number[] => [...u32(n % 2 ** 32), ...u32(Math.floor(n / 2 ** 32))];
export const gzip = (b: Uint8Array): Uint8Array => new Uint8Array(gzipSync(b));
