import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { inputError } from '../errors.ts';

export type LineSink = (text: string, source: string, lineNo: number) => void;

/**
 * A line as the bytes `b[start..end)`, without its line end. `b[end]` is 0 (the fast reader's end mark, fast-line/)
 * and the sink may write there; the bytes are valid only during the call (the buffer is read into again).
 */
export type ByteSink = (b: Buffer, start: number, end: number, source: string, lineNo: number) => void;

/**
 * A byte sink that hands on each line decoded. A line's text is what a StringDecoder over the whole stream gave for
 * it: a line end is a byte that no UTF-8 sequence holds, so a line decodes alone as it did within the stream.
 */
export function textSink(sink: LineSink): ByteSink {
  return (b, start, end, source, lineNo) => sink(b.toString('utf8', start, end), source, lineNo);
}

/**
 * Every line of a stream, numbered from 1, ending in `\n`, `\r\n` or a lone `\r` (as `readline` splits them), as
 * bytes. `readline`'s async iterator cost a promise per line (2.3 µs of CPU per line); decoding each chunk to a string
 * that the fast reader then encoded back to bytes cost ~0.1 s of CPU more over the bench's 200,000 lines (92 MB) than
 * splitting the bytes. A stream of strings (tests; stdin gives Buffers) is encoded chunk by chunk.
 */
export async function readLines(stream: Readable, source: string, sink: ByteSink, from = 0): Promise<number> {
  const split = new Splitter(source, sink, from);
  // A string chunk ending in the first half of a UTF-16 pair waits for the second: encoded apart, each would be U+FFFD.
  let high = '';
  for await (const chunk of stream) {
    if (typeof chunk !== 'string') {
      split.push(chunk as Buffer);
      continue;
    }
    let text = high + chunk;
    const last = text.charCodeAt(text.length - 1);
    high = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
    if (high !== '') text = text.slice(0, -1);
    split.push(Buffer.from(text, 'utf8'));
  }
  if (high !== '') split.push(Buffer.from(high, 'utf8'));
  return split.end();
}

/**
 * A file's lines as bytes, read into one reused buffer: a read stream's fresh 64 KB buffer per chunk cost ~0.1 s of
 * CPU over the bench's 92 MB file (allocation, and the garbage collector's work on external memory).
 */
async function readFileLines(path: string, sink: ByteSink): Promise<number> {
  const split = new Splitter(path, sink, 0);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, null);
      if (bytesRead === 0) break;
      split.push(bytesRead === READ_SIZE ? buffer : buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return split.end();
}

const READ_SIZE = 1024 * 1024;

/** Splits chunks into lines; what follows the last line end of a chunk is copied and waits for the next. */
class Splitter {
  private readonly pieces: Buffer[] = [];
  private pending = 0;
  /** The last chunk ended in `\r`, which ended its line: a `\n` opening the next chunk belongs to it. */
  private afterCr = false;

  constructor(
    private readonly source: string,
    private readonly sink: ByteSink,
    private n: number,
  ) {}

  push(b: Buffer): void {
    if (b.length === 0) return;
    let start = this.afterCr && b[0] === 10 ? 1 : 0;
    this.afterCr = false;
    let lf = b.indexOf(10, start);
    let cr = b.indexOf(13, start);
    while (lf >= 0 || cr >= 0) {
      const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      this.line(b, start, end);
      start = end + 1;
      if (end === cr) {
        if (start === b.length) this.afterCr = true;
        else if (b[start] === 10) start++;
        cr = b.indexOf(13, start);
      }
      if (lf >= 0 && lf < start) lf = b.indexOf(10, start);
    }
    if (start < b.length) {
      this.pieces.push(Buffer.from(b.subarray(start)));
      this.pending += b.length - start;
    }
  }

  /** The number of the last line, once the partial last line (if any) is handed on. */
  end(): number {
    if (this.pending > 0) this.line(Buffer.alloc(0), 0, 0);
    return this.n;
  }

  /** The line `b[start..end)` after what waited from earlier chunks; `b[end]` (its line end) is made the 0. */
  private line(b: Buffer, start: number, end: number): void {
    if (this.pending > 0) {
      const whole = Buffer.allocUnsafe(this.pending + end - start + 1);
      let at = 0;
      for (const piece of this.pieces) at += piece.copy(whole, at);
      at += b.copy(whole, at, start, end);
      // Emptied, not replaced: a second array literal began as small integers, so the push that adds a chunk's tail
      // met two maps and was compiled again twice (wrong map).
      this.pieces.length = 0;
      this.pending = 0;
      b = whole;
      start = 0;
      end = at;
    }
    b[end] = 0;
    this.sink(b, start, end, this.source, ++this.n);
  }
}

/** A log file (or `-` for standard input) read to its end. */
export async function readLog(path: string, sink: ByteSink, stdin: Readable = process.stdin): Promise<number> {
  if (path === '-') return readLines(stdin, '-', sink);
  await mustBeFile(path);
  return readFileLines(path, sink);
}

async function mustBeFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw inputError(`cannot read the log: ${error.code === 'ENOENT' ? 'no such file' : error.code ?? error.message}`, { file: path }, 'check the path (use - for standard input)');
  });
  if (!info.isFile()) throw inputError('the log is not a file', { file: path }, 'give a JSON Lines file, or - for standard input');
}

export interface FollowOptions {
  signal: AbortSignal;
  /** How often to look for new lines; the wait between looks is injected so tests need no clock. */
  wait: (ms: number, signal: AbortSignal) => Promise<void>;
  pollMs?: number;
}

/**
 * `tail -F`: read the file to its end, then keep reading what is appended until the signal aborts. A file
 * that shrinks (rotated or truncated) is read again from its start; a partial last line waits for its end.
 */
export async function followLog(path: string, sink: LineSink, options: FollowOptions): Promise<void> {
  await mustBeFile(path);
  let offset = 0;
  let lineNo = 0;
  let partial = '';
  // Keeps a character split across two reads whole.
  let decoder = new StringDecoder('utf8');
  const pollMs = options.pollMs ?? 250;
  while (!options.signal.aborted) {
    const info = await stat(path).catch(() => undefined);
    if (info && info.size < offset) {
      offset = 0;
      lineNo = 0;
      partial = '';
      decoder = new StringDecoder('utf8');
    }
    if (info && info.size > offset) {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(info.size - offset, 16 * 1024 * 1024));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        offset += bytesRead;
        const text = partial + decoder.write(buffer.subarray(0, bytesRead));
        const parts = text.split('\n');
        partial = parts.pop() ?? '';
        for (const part of parts) sink(part.endsWith('\r') ? part.slice(0, -1) : part, path, ++lineNo);
      } finally {
        await handle.close();
      }
      continue;
    }
    await options.wait(pollMs, options.signal).catch(() => undefined);
  }
}
