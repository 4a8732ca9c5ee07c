import type { TextCell as Cell } from '../readers/index.ts';
import { mix32 } from '../../util/hash-mix.ts';

/**
 * 64-bit row hashes, as two 32-bit lanes, to *locate* changed rows inside a chunk. They are not the integrity anchor:
 * each chunk and each file also has a SHA-256, and a change is only reported where a SHA-256 differs. Two
 * multiply-xor lanes with different constants and a murmur3 finaliser each: a few nanoseconds a character, where a
 * SHA-256 object per row would cost a microsecond.
 */
export type Hash64 = readonly [number, number];

/** The text a row is hashed as: its cells as JSON, trailing empty cells dropped (so a column that a later JSON Lines row adds does not change earlier rows). */
export function rowText(cells: readonly Cell[]): string {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === null) end--;
  return JSON.stringify(end === cells.length ? cells : cells.slice(0, end));
}

export function hashText(s: string): Hash64 {
  let a = 0x811c9dc5 ^ s.length;
  let b = 0x9747b28c ^ Math.imul(s.length, 0x85ebca6b);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return [mix32(a), mix32(b ^ a)];
}


/** An ordered hash over row hashes: a leaf of several rows. A one-row leaf is that row's own hash. */
export class LeafHasher {
  private a = 0x243f6a88;
  private b = 0x85a308d3;
  private first: Hash64 = [0, 0];
  count = 0;

  push(h: Hash64): void {
    if (this.count === 0) this.first = h;
    this.a = mix32(Math.imul(this.a ^ h[0], 0x9e3779b1) + this.count);
    this.b = mix32(Math.imul(this.b ^ h[1], 0x7feb352d) ^ this.count);
    this.count++;
  }

  value(): Hash64 {
    return this.count === 1 ? this.first : [mix32(this.a ^ this.count), mix32(this.b + this.count)];
  }

  reset(): void {
    this.a = 0x243f6a88;
    this.b = 0x85a308d3;
    this.count = 0;
  }
}

/** Leaf hashes packed as base64 of big-endian 32-bit pairs: 8 bytes a leaf. */
export function packHashes(hashes: readonly Hash64[]): string {
  const buffer = Buffer.alloc(hashes.length * 8);
  hashes.forEach(([a, b], i) => {
    buffer.writeUInt32BE(a, i * 8);
    buffer.writeUInt32BE(b, i * 8 + 4);
  });
  return buffer.toString('base64');
}

export function unpackHashes(packed: string): Hash64[] {
  const buffer = Buffer.from(packed, 'base64');
  const out: Hash64[] = [];
  for (let i = 0; i + 8 <= buffer.length; i += 8) out.push([buffer.readUInt32BE(i), buffer.readUInt32BE(i + 4)]);
  return out;
}

export function sameHash(x: Hash64 | undefined, y: Hash64 | undefined): boolean {
  return x !== undefined && y !== undefined && x[0] === y[0] && x[1] === y[1];
}
