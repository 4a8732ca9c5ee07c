import type { CappedOutput } from './capped-output.ts';

/**
 * LZ4 through lz4-napi (Rust lz4_flex, prebuilt binaries shipped as npm packages). lz4-napi decodes one
 * frame at a time, whole, and silently ignores whatever follows the first frame — so the frames are walked
 * here first (LZ4 frame format 1.6.x: frame descriptor, block sizes, skippable and legacy frames). The walk
 * splits concatenated frames (the `lz4` CLI and `lz4.frame.open` read them all), reports trailing bytes,
 * and bounds each frame by its block headers — a block inflates to at most its frame's block maximum and
 * at most 255 times its size — so a frame that could exceed the cap is refused before it is decoded.
 */
const FRAME = 0x184d2204;
const LEGACY = 0x184c2102;
const LEGACY_BLOCK = 8 * 1024 * 1024;
const BLOCK_MAX = [0, 0, 0, 0, 64 << 10, 256 << 10, 1 << 20, 4 << 20];
/** An LZ4 block cannot inflate more than 255:1 (each length byte adds at most 255 bytes), plus a token's worth. */
const blockBound = (size: number, max: number): number => Math.min(max, size * 255 + 64);

export interface Lz4Frame {
  start: number;
  end: number;
  /** Most this frame can inflate to. */
  bound: number;
}

type Problem = { kind: 'malformed' | 'unsupported' | 'trailing'; message: string };
export type Lz4Walk = { frames: Lz4Frame[]; end: number; problem?: Problem };

const isSkippable = (magic: number): boolean => magic >>> 4 === 0x184d2a5;

export function walkLz4(b: Uint8Array): Lz4Walk {
  const frames: Lz4Frame[] = [];
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  let at = 0;
  const stop = (p: Problem): Lz4Walk => ({ frames, end: at, problem: p });
  while (at < b.length) {
    if (at + 4 > b.length) return stop({ kind: frames.length ? 'trailing' : 'malformed', message: `${b.length - at} stray bytes at ${at}` });
    const magic = view.getUint32(at, true);
    let frame: Lz4Frame | Problem | undefined;
    if (isSkippable(magic)) {
      const next = at + 8 + (at + 8 <= b.length ? view.getUint32(at + 4, true) : 0);
      if (at + 8 > b.length || next > b.length) return stop({ kind: 'malformed', message: `skippable frame at ${at} runs past the end` });
      at = next;
      continue;
    }
    if (magic === FRAME) frame = walkFrame(b, view, at);
    else if (magic === LEGACY) frame = walkLegacy(b, view, at);
    else return stop({ kind: frames.length ? 'trailing' : 'malformed', message: `no LZ4 frame at byte ${at}` });
    if ('kind' in frame) return stop(frame);
    frames.push(frame);
    at = frame.end;
  }
  return { frames, end: at };
}

function walkFrame(b: Uint8Array, view: DataView, start: number): Lz4Frame | Problem {
  const truncated: Problem = { kind: 'malformed', message: `LZ4 frame at ${start} is truncated` };
  if (start + 7 > b.length) return truncated;
  const flg = b[start + 4]!;
  const blockMax = BLOCK_MAX[(b[start + 5]! >> 4) & 7]!;
  if (flg >> 6 !== 1 || flg & 2 || b[start + 5]! & 0x8f || !blockMax) return { kind: 'malformed', message: `LZ4 frame at ${start} has an invalid descriptor` };
  if (flg & 1) return { kind: 'unsupported', message: `LZ4 frame at ${start} needs an external dictionary` };
  let at = start + 6 + (flg & 8 ? 8 : 0) + 1;
  let bound = 0;
  for (;;) {
    if (at + 4 > b.length) return truncated;
    const word = view.getUint32(at, true);
    at += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    if (size > blockMax) return { kind: 'malformed', message: `LZ4 block at ${at - 4} is ${size} bytes, over the frame's ${blockMax}-byte block size` };
    bound += word & 0x80000000 ? size : blockBound(size, blockMax);
    at += size + (flg & 0x10 ? 4 : 0);
    if (at > b.length) return truncated;
  }
  if (flg & 4) at += 4;
  if (at > b.length) return truncated;
  return { start, end: at, bound };
}

/** Legacy frames (`lz4 -l`, Linux kernel images) have no end mark: they end at the next magic or EOF. */
function walkLegacy(b: Uint8Array, view: DataView, start: number): Lz4Frame | Problem {
  let at = start + 4;
  let bound = 0;
  while (at + 4 <= b.length) {
    const size = view.getUint32(at, true);
    if (size === FRAME || size === LEGACY || isSkippable(size)) break;
    if (size > LEGACY_BLOCK + LEGACY_BLOCK / 255 + 16) return { kind: 'malformed', message: `legacy LZ4 block at ${at} is ${size} bytes` };
    at += 4 + size;
    if (at > b.length) return { kind: 'malformed', message: `legacy LZ4 frame at ${start} is truncated` };
    bound += blockBound(size, LEGACY_BLOCK);
  }
  return { start, end: at, bound };
}

/** Decodes the walked frames into `out`; returns an error message, or undefined when all was read. */
export async function decodeLz4(input: Uint8Array, frames: Lz4Frame[], out: CappedOutput): Promise<string | undefined> {
  const { decompressFrameSync } = await import('lz4-napi');
  for (const f of frames) {
    if (f.bound > out.room) {
      out.refuse(f.bound);
      return undefined;
    }
    let data: Uint8Array;
    try {
      data = decompressFrameSync(Buffer.from(input.buffer, input.byteOffset + f.start, f.end - f.start));
    } catch (e) {
      return `frame at ${f.start}: ${(e as Error).message}`;
    }
    if (!out.push(data)) return undefined;
  }
  return undefined;
}
