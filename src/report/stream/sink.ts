import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { inputError } from '../../errors.ts';

/**
 * Where a report is written, a piece at a time: reports are streamed, never built as one string, so memory stays
 * flat however many findings a review has. Writers await every write; that is how a slow reader holds them back.
 */
export interface Sink {
  write(text: string): Promise<void>;
}

/** Gathers small writes into chunks of about `size` characters before handing them on. */
export class BufferedSink implements Sink {
  private pending: string[] = [];
  private length = 0;

  constructor(
    private readonly flushTo: (chunk: string) => Promise<void>,
    private readonly size = 1 << 16,
  ) {}

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.length += text.length;
    if (this.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.length = 0;
    await this.flushTo(chunk);
  }
}

/** A sink onto a Node stream (standard output), waiting for `drain` when the stream is full. */
export function streamSink(stream: Writable): BufferedSink {
  return new BufferedSink(async (chunk) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  });
}

/** Writes into `file` atomically: into a temporary file beside it, renamed over it only when the writer finishes. */
export async function writeFileStreamed(file: string, writer: (out: Sink) => Promise<void>): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'w');
  } catch (error) {
    throw inputError(`cannot write the report: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file }, 'pass a writable folder or file (--out)');
  }
  try {
    const sink = new BufferedSink(async (chunk) => void (await handle.write(chunk)));
    await writer(sink);
    await sink.flush();
    await handle.close();
    await rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Counts what is written and keeps only the tail: for tests that a large report streams through. */
export class CountingSink implements Sink {
  characters = 0;
  writes = 0;
  tail = '';

  write(text: string): Promise<void> {
    this.characters += text.length;
    this.writes += 1;
    this.tail = (this.tail + text).slice(-256);
    return Promise.resolve();
  }
}

/** Feeds a SHA-256 as the text streams through (HDF's profile checksum, without holding the profile). */
export class HashSink implements Sink {
  readonly hash: Hash = createHash('sha256');

  write(text: string): Promise<void> {
    this.hash.update(text);
    return Promise.resolve();
  }
}

/** Everything a writer writes, as one string: for small reviews and tests. */
export async function collect(writer: (out: Sink) => Promise<void>): Promise<string> {
  const parts: string[] = [];
  await writer({ write: (text) => Promise.resolve(void parts.push(text)) });
  return parts.join('');
}
