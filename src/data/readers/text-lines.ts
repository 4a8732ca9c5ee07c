import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { dataError } from './data-error.ts';

export interface TextRecord {
  text: string;
  /** 1-based line where the record starts. */
  line: number;
}

const CHUNK = 1 << 20;

/**
 * The records of a text file, read in 1 MiB chunks: one per line, except that a line ending inside a
 * double-quoted CSV field continues on the next (`quoted` true). Blank lines are skipped; CR LF is accepted. A
 * quoted field still open at the end of the file is an error naming the line it opened on. `onBytes` sees every
 * byte read, in order, before it is decoded (for a hash of the file in the same read); it must not keep the buffer.
 */
export async function* textRecords(file: string, quoted: boolean, onBytes?: (chunk: Buffer) => void): AsyncGenerator<TextRecord> {
  const handle = await open(file, 'r');
  try {
    // StringDecoder keeps a character split across chunks, and is faster than a streaming TextDecoder on Node 20.
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let rest = '';
    let line = 1;
    let pending: TextRecord | undefined;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead > 0) onBytes?.(buffer.subarray(0, bytesRead));
      const text = rest + (bytesRead > 0 ? decoder.write(buffer.subarray(0, bytesRead)) : decoder.end());
      const parts = text.split('\n');
      rest = bytesRead > 0 ? (parts.pop() ?? '') : '';
      for (const raw of parts) {
        const piece = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (pending) {
          pending.text += `\n${piece}`;
          if (quoteCount(piece) % 2 === 1) {
            yield pending;
            pending = undefined;
          }
        } else if (quoted && piece.includes('"') && quoteCount(piece) % 2 === 1) {
          pending = { text: piece, line };
        } else if (piece.trim() !== '') {
          yield { text: piece, line };
        }
        line++;
      }
      if (bytesRead === 0) break;
    }
    if (pending) throw dataError(file, 'a quoted value is never closed', { line: pending.line }, 'close the quote, and double the quotes inside a quoted value ("")');
  } finally {
    await handle.close();
  }
}

function quoteCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
}
