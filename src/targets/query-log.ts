import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** One line of the query log (JSON Lines). Never holds headers or credentials. */
export interface QueryLogEntry {
  time: string;
  target: string;
  /** 1-based number of the call. */
  call: number;
  attempt: number;
  /** Number of the first input in this call among all the target's queries (1-based) and how many it carried. */
  firstQuery: number;
  inputs: number;
  outcome: 'ok' | 'retry' | 'error';
  status?: number;
  ms: number;
  error?: string;
  labels?: number[];
  /** Only when the user asked for full logging: the inputs and the scores returned. */
  x?: number[][];
  scores?: number[][];
}

/** A JSON Lines log of calls; prediction targets write `QueryLogEntry`, chat targets their own entries. */
export interface QueryLog<Entry = QueryLogEntry> {
  write(entry: Entry): void;
  close(): Promise<void>;
}

export const noQueryLog: QueryLog<unknown> = { write: () => undefined, close: async () => undefined };

/** Appends to a JSON Lines file the user can read or grep after the run. */
export function fileQueryLog<Entry = QueryLogEntry>(path: string): QueryLog<Entry> {
  const stream: WriteStream = createWriteStream(path, { flags: 'a' });
  let failed: Error | undefined;
  stream.on('error', (error) => {
    failed = error;
  });
  return {
    write(entry) {
      if (!failed) stream.write(`${JSON.stringify(entry)}\n`);
    },
    async close() {
      if (failed) return;
      stream.end();
      await once(stream, 'finish').catch(() => undefined);
    },
  };
}

/** Collects entries in memory; for tests. */
export function memoryQueryLog<Entry = QueryLogEntry>(): QueryLog<Entry> & { entries: Entry[] } {
  const entries: Entry[] = [];
  return { entries, write: (e) => void entries.push(e), close: async () => undefined };
}
