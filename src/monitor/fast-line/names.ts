import { asciiText, type Bytes } from './json-scan.ts';

/** Slots of the table, in pairs: a power of two, well above the clients a log interleaves (the bench's 200). */
const SLOTS = 2048;
/** Longer names are sliced each time: hashing and comparing them would cost what the slice saves. */
const LONGEST = 64;

/**
 * The string of a line's client, as the same object line after line: the characters `b[from..to)` (ASCII, no escape)
 * found by a hash of the bytes in a table of the last names seen, else sliced and kept. Slicing it out of a line that
 * came as bytes decoded the whole line first (a call into C++, ~5% of a flooding-only CLI run); the table also saves
 * the allocation, and a client map's lookup can match its key by identity before comparing characters.
 */
export class Names {
  private readonly table: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  /** Names sliced anew (tests see the table keep what it should). */
  misses = 0;

  of(b: Bytes, from: number, to: number): string {
    const n = to - from;
    if (n > LONGEST) return asciiText(b, from, to);
    let h = n;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    // Two slots a name (a pair): with one slot in 1024, 200 clients shared a few slots and ~3,400 of the bench's
    // 200,000 lines sliced their client anew (on the byte path, decoding the line); with 1024 pairs ~1,000.
    const home = (h ^ (h >>> 15)) & (SLOTS - 2);
    const first = this.table[home];
    if (first !== undefined && first.length === n && same(b, from, first)) return first;
    const next = home + 1;
    const second = this.table[next];
    if (second !== undefined && second.length === n && same(b, from, second)) return second;
    const text = asciiText(b, from, to);
    this.table[next] = first;
    this.table[home] = text;
    this.misses++;
    return text;
  }
}

function same(b: Bytes, from: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (b[from + k] !== text.charCodeAt(k)) return false;
  return true;
}
