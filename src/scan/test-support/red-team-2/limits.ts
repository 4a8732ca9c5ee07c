import { crc32, deflateRawSync } from 'node:zlib';
import type { RedTeamCase } from '../red-team/types.ts';

/**
 * Denial of service: files that make a naive reader hold or inflate without bound. Each must end within
 * the scan's caps — `inconclusive` with its reason when the scan could not finish, `clean` when it could.
 */

/** A little-endian record: `[offset, width, value]` fields in `size` zeroed bytes. */
function record(size: number, fields: [number, 2 | 4, number][]): Buffer {
  const b = Buffer.alloc(size);
  for (const [at, width, value] of fields) {
    if (width === 2) b.writeUInt16LE(value, at);
    else b.writeUInt32LE(value, at);
  }
  return b;
}

/** Every central-directory entry points at the same deflated member (an overlapping, non-recursive zip bomb). */
function overlappingZip(members: number, inflated: number): Uint8Array {
  const zeros = new Uint8Array(inflated);
  const body = deflateRawSync(zeros, { level: 9 });
  const crc = crc32(zeros) >>> 0;
  const local = record(30, [[0, 4, 0x04034b50], [4, 2, 20], [8, 2, 8], [14, 4, crc], [18, 4, body.length], [22, 4, inflated], [26, 2, 5]]);
  const central: Buffer[] = [];
  for (let k = 0; k < members; k++) {
    const name = Buffer.from(`m${String(k).padStart(4, '0')}`);
    central.push(record(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], [10, 2, 8], [16, 4, crc], [20, 4, body.length], [24, 4, inflated], [28, 2, name.length]]), name);
  }
  const cd = Buffer.concat(central);
  const end = record(22, [[0, 4, 0x06054b50], [8, 2, members], [10, 2, members], [12, 4, cd.length], [16, 4, 30 + 5 + body.length]]);
  return Buffer.concat([local, Buffer.from('m0000'), body, cd, end]);
}

/** PROTO 4, then `count` times the 4-byte `unit`, then `tail`. */
function repeated(head: string, unit: string, count: number, tail: string): Uint8Array {
  const h = Buffer.from(head, 'latin1');
  const u = Buffer.from(unit, 'latin1');
  const t = Buffer.from(tail, 'latin1');
  const out = Buffer.alloc(h.length + u.length * count + t.length);
  h.copy(out, 0);
  for (let k = 0; k < count; k++) u.copy(out, h.length + k * u.length);
  t.copy(out, h.length + u.length * count);
  return out;
}

const GLOBAL_MEMOIZED = '\x80\x04\x8c\x0bcollections\x8c\x0bOrderedDict\x93\x94';

export function limitCases(): RedTeamCase[] {
  return [
    { name: 'overlapping-zip-bomb', kind: 'limits', file: 'bomb.zip', bytes: overlappingZip(50, 20 << 20), expect: 'inconclusive', how: '50 entries sharing one 20 MB deflated member: each stopped at the ratio cap' },
    { name: 'ten-million-memoized-ints', kind: 'limits', file: 'memo.pkl', bytes: repeated('\x80\x04', 'K\x01\x940', 10_000_000, 'N.'), expect: 'clean', how: '10⁷ MEMOIZE of constants: kept as presence only, the scan completes' },
    // The kept-entry cap is 4M by default (10⁷ such entries: 2.1 s CPU, ~600 MB); a 100,000 cap shows the same ending.
    { name: 'memoized-globals-past-the-cap', kind: 'limits', file: 'memo-globals.pkl', bytes: repeated(GLOBAL_MEMOIZED, 'h\x00\x940', 250_000, '.'), limits: { maxMemo: 100_000 }, expect: 'inconclusive', how: 'memo entries holding a global past the kept-entry cap stop the scan' },
    { name: 'payload-after-the-memo-cap', kind: 'limits', file: 'memo-payload.pkl', bytes: repeated(GLOBAL_MEMOIZED, 'h\x00\x940', 250_000, '\x8c\x02os\x8c\x06system\x93\x8c\x01x\x85R.'), limits: { maxMemo: 100_000 }, expect: 'inconclusive', how: 'os.system after the memo cap: not reached, never clean' },
  ];
}
