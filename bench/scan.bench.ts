// `npm run bench scan`: throughput of the model scanner on generated inputs (written to os.tmpdir(),
// removed afterwards): a dense pickle, a 1 GB PyTorch checkpoint whose tensors live outside the pickle,
// and a folder of 1,000 small files scanned in this thread and with worker threads.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { scanFile } from '../src/scan/scan-file.ts';
import { scanPaths } from '../src/scan/scan-paths.ts';
import { dumps, le, py } from '../src/scan/test-support/pickle-writer.ts';
import { benignTorchZip, float32, npy, sklearnModel, stateDict } from '../src/scan/test-support/shapes.ts';

const MB = 1024 * 1024;

/** A protocol-4 list of ints, floats and short strings, in 64 KB frames, APPENDS batches of 1000. */
function densePickle(path: string, bytes: number): number {
  const fd = openSync(path, 'w');
  writeSync(fd, Uint8Array.from([0x80, 4, 0x95, ...le(2, 8), 0x5d, 0x94]));
  let written = 12;
  let ops = 2;
  const item = (k: number): number[] => (k % 3 === 0 ? [0x4b, k & 0xff] : k % 3 === 1 ? [0x47, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18] : [0x8c, 5, 0x6c, 0x61, 0x79, 0x65, 0x72]);
  while (written < bytes) {
    const frame: number[] = [];
    while (frame.length < 64 * 1024 - 2000) {
      frame.push(0x28);
      for (let k = 0; k < 1000; k++) frame.push(...item(k));
      frame.push(0x65);
      ops += 1002;
    }
    writeSync(fd, Uint8Array.from([0x95, ...le(frame.length, 8), ...frame]));
    written += frame.length + 9;
    ops++;
  }
  writeSync(fd, Uint8Array.from([0x2e]));
  closeSync(fd);
  return ops;
}

/** A torch.save zip whose 1 GB of storages are stored members, streamed to disk. */
function bigCheckpoint(path: string, tensors: number, tensorBytes: number): void {
  const fd = openSync(path, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const member = (name: string, size: number, fill: (write: (b: Uint8Array) => void) => void, crc: number): void => {
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(size, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(n.length, 26);
    writeSync(fd, h);
    writeSync(fd, n);
    fill((b) => writeSync(fd, b));
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(size, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, n);
    offset += 30 + n.length + size;
  };
  const pickle = dumps(stateDict(Array.from({ length: tensors }, (_, k) => [`layers.${k}.weight`, [tensorBytes / 4]] as [string, number[]])), 2);
  member('archive/data.pkl', pickle.length, (w) => w(pickle), crc32(pickle) >>> 0);
  const chunk = new Uint8Array(16 * MB).fill(0x3f);
  let chunkCrc = 0;
  for (let k = 0; k < tensorBytes / chunk.length; k++) chunkCrc = crc32(chunk, chunkCrc);
  for (let t = 0; t < tensors; t++) {
    member(`archive/data/${t}`, tensorBytes, (w) => {
      for (let k = 0; k < tensorBytes / chunk.length; k++) w(chunk);
    }, chunkCrc >>> 0);
  }
  member('archive/version', 2, (w) => w(Buffer.from('3\n')), crc32(Buffer.from('3\n')) >>> 0);
  const cd = Buffer.concat(central);
  writeSync(fd, cd);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(tensors + 2, 8);
  end.writeUInt16LE(tensors + 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeSync(fd, end);
  closeSync(fd);
}

function smallFiles(dir: string, count: number): void {
  const kinds = [benignTorchZip(), dumps(sklearnModel(), 4), npy('<f4', [4], float32([1, 2, 3, 4])), dumps(py.dict({ lr: py.float(0.1), epochs: 3 }), 2)];
  for (let k = 0; k < count; k++) writeFileSync(join(dir, `model-${k}.bin`), kinds[k % kinds.length]!);
}

function rssMb(): number {
  return Math.round(process.memoryUsage().rss / MB);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
  try {
    for (const size of [20, 80]) {
      const path = join(dir, `dense-${size}.pkl`);
      const ops = densePickle(path, size * MB);
      global.gc?.();
      const before = rssMb();
      const t = performance.now();
      const r = await scanFile(path);
      const s = (performance.now() - t) / 1000;
      console.log(`dense pickle ${size} MB: ${(ops / 1e6).toFixed(1)}M opcodes in ${s.toFixed(2)} s = ${(size / s).toFixed(0)} MB/s, ${(ops / s / 1e6).toFixed(1)}M ops/s, verdict ${r.verdict}, RSS ${before} → ${rssMb()} MB`);
      rmSync(path);
    }

    const ckpt = join(dir, 'big.pt');
    bigCheckpoint(ckpt, 8, 128 * MB);
    const t1 = performance.now();
    const r1 = await scanFile(ckpt);
    const s1 = (performance.now() - t1) / 1000;
    console.log(`PyTorch checkpoint 1 GB (8 × 128 MB stored tensors): ${s1.toFixed(3)} s = ${(1024 / s1).toFixed(0)} MB/s, verdict ${r1.verdict}, RSS ${rssMb()} MB`);
    rmSync(ckpt);

    const folder = join(dir, 'many');
    rmSync(folder, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(folder);
    smallFiles(folder, 1000);
    for (const jobs of [0, Math.min(4, availableParallelism())]) {
      const t = performance.now();
      const reports = await scanPaths([folder], { jobs });
      const s = (performance.now() - t) / 1000;
      const clean = reports.filter((r) => r.verdict === 'clean').length;
      console.log(`1,000 small files, ${jobs === 0 ? 'main thread' : `${jobs} worker threads`}: ${s.toFixed(2)} s = ${(1000 / s).toFixed(0)} files/s (${clean} clean)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
