import { asciiText, type Bytes } from './json-scan.ts';

/** Slots of the table: a power of two, well above the clients a log interleaves (the bench's 200). */
const SLOTS = 1024;
/** Longer names are sliced each time: hashing and comparing them would cost what the slice saves. */
const LONGEST = 64;

/**
 * The string of a line's client, as the same object line after line: the characters `b[from..to)` (ASCII, no escape)
 * found by a hash of the bytes in a table of the last names seen, else sliced and kept. Slicing it out of a line that
 * came as bytes decoded the whole line first (a call into C++, ~5% of a flooding-only CLI run); the table also saves
 * the allocation, and every client map's lookup then finds its key by identity.
 */
export class Names {
  private readonly table: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

  of(b: Bytes, from: number, to: number): string {
    const n = to - from;
    if (n > LONGEST) return asciiText(b, from, to);
    let h = n;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    const kept = this.table[slot];
    if (kept !== undefined && kept.length === n && same(b, from, kept)) return kept;
    const text = asciiText(b, from, to);
    this.table[slot] = text;
    return text;
  }
}

function same(b: Bytes, from: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (b[from + k] !== text.charCodeAt(k)) return false;
  return true;
}
