import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferedSink, type Sink } from './sink.ts';

/**
 * Between records. JSON.stringify escapes every control character, so it never writes this one raw, and records of
 * JSON text split on it exactly.
 */
const RECORD_END = '\u001e';

/**
 * Text a report writes now but must place after something it only knows once every finding has been read (SARIF's
 * rules, JUnit's and HDF's totals, HDF's checksum): the text goes to a temporary file, and is copied into the report
 * when its place comes. Reading the findings once and spilling costs less CPU than reading them again from the store
 * (every finding parsed, checked and turned into its output a second or third time), and keeps memory flat: the
 * file takes about the size of what it holds, under the system's temporary folder (TMPDIR).
 */
export class Spill {
  private readonly buffer: BufferedSink;
  private closed = false;

  private constructor(
    private readonly folder: string,
    private readonly file: string,
    private readonly handle: FileHandle,
  ) {
    this.buffer = new BufferedSink(async (chunk) => void (await handle.write(chunk)));
  }

  static async create(): Promise<Spill> {
    const folder = await mkdtemp(join(tmpdir(), 'rampart-spill-'));
    const file = join(folder, 'spill');
    try {
      return new Spill(folder, file, await open(file, 'w'));
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /** A sink that appends to the spill. */
  get sink(): Sink {
    return this.buffer;
  }

  /** One record: read back by `records` as the same string. */
  async record(text: string): Promise<void> {
    await this.buffer.write(text);
    await this.buffer.write(RECORD_END);
  }

  /** The records written, in order, a chunk of the file at a time. Ends writing. */
  async *records(): AsyncGenerator<string> {
    let rest = '';
    for await (const chunk of this.chunks()) {
      const parts = (rest + chunk).split(RECORD_END);
      rest = parts.pop() ?? '';
      yield* parts;
    }
    if (rest !== '') throw new Error('a spilled record was cut short');
  }

  /** Everything written, into `out`. Ends writing. */
  async copyTo(out: Sink): Promise<void> {
    for await (const chunk of this.chunks()) await out.write(chunk);
  }

  async dispose(): Promise<void> {
    await this.close().catch(() => undefined);
    await rm(this.folder, { recursive: true, force: true });
  }

  private async *chunks(): AsyncGenerator<string> {
    await this.close();
    const stream = createReadStream(this.file, { encoding: 'utf8', highWaterMark: 1 << 16 });
    for await (const chunk of stream) yield chunk as string;
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.buffer.flush();
    await this.handle.close();
  }
}

/** `work` with a spill, removed afterwards however `work` ends. */
export async function withSpill<T>(work: (spill: Spill) => Promise<T>): Promise<T> {
  const spill = await Spill.create();
  try {
    return await work(spill);
  } finally {
    await spill.dispose();
  }
}
