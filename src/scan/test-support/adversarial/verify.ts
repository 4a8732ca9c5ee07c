import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adversarialCases } from './index.ts';
import type { Loader } from './types.ts';

/**
 * Runs the real loaders (Python's pickle, tarfile, zipfile, gzip/bz2, NumPy, joblib) on every case of the
 * suite, each file alone in a fresh temp folder, and records whether the marker payload ran:
 *
 *   npx tsx src/scan/test-support/adversarial/verify.ts
 *
 * writes test/fixtures/adversarial/verified.json, which adversarial.test.ts checks against the suite.
 * The payload only creates `rampart-marker` in that folder. Nothing here runs during `npm test`.
 */
const LOAD = String.raw`
import json, os, pickle, sys
path, loader = sys.argv[1], json.loads(sys.argv[2])
how = loader['how']
if how == 'pickle.load':
    pickle.load(open(path, 'rb'))
elif how == 'pickle.load at':
    f = open(path, 'rb'); f.seek(loader['offset']); pickle.load(f)
elif how == 'np.load':
    import numpy as np
    r = np.load(path, allow_pickle=True)
    if 'key' in loader: r[loader['key']]
elif how == 'np.load then pickle.load':
    import numpy as np
    f = open(path, 'rb'); np.load(f, allow_pickle=True); pickle.load(f)
elif how == 'joblib.load':
    import joblib; joblib.load(path)
elif how == 'tarfile member':
    import tarfile
    t = tarfile.open(path, ignore_zeros=loader.get('ignoreZeros', False))
    pickle.load(t.extractfile(loader['member']))
elif how == 'zipfile member':
    import zipfile
    pickle.load(zipfile.ZipFile(path).open(loader['member']))
elif how == 'decompress then pickle.load':
    import importlib
    pickle.load(importlib.import_module(loader['codec']).open(path, 'rb'))
`;

type Outcome = 'payload ran' | 'loaded, no payload' | `failed: ${string}` | 'not verified';

function run(data: Uint8Array, loader: Loader): Outcome {
  if (loader.how === 'not loadable') return 'not verified';
  const dir = mkdtempSync(join(tmpdir(), 'rampart-adv-'));
  try {
    const file = join(dir, 'model.bin');
    writeFileSync(file, data);
    try {
      execFileSync('python3', ['-c', LOAD, file, JSON.stringify(loader)], { cwd: dir, timeout: 60_000, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const err = String((e as { stderr?: Buffer }).stderr ?? e).trim().split('\n').pop() ?? '';
      return existsSync(join(dir, 'rampart-marker')) ? 'payload ran' : `failed: ${err.slice(0, 160)}`;
    }
    return existsSync(join(dir, 'rampart-marker')) ? 'payload ran' : 'loaded, no payload';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

const out: Record<string, { loader: string; sha256: string; hostile: Outcome; benign: Outcome }> = {};
for (const c of await adversarialCases()) {
  out[c.name] = { loader: c.loader.how, sha256: sha256(c.hostile), hostile: run(c.hostile, c.loader), benign: run(c.benign, c.loader) };
  process.stdout.write(`${out[c.name]!.hostile.padEnd(24)} ${out[c.name]!.benign.slice(0, 40).padEnd(40)} ${c.name}\n`);
}
const folder = join(import.meta.dirname, '../../../../test/fixtures/adversarial');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'verified.json'), `${JSON.stringify(out, null, 1)}\n`);
