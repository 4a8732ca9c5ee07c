import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Random-access bytes: a file read on demand or a buffer already in memory. Readers take a window of
 * what they need, so a 1 GB checkpoint is never loaded whole.
 */
export interface ByteSource {
  readonly size: number;
  /** The file on disk when the source is a whole file (readers that need a path, e.g. HDF5). */
  readonly path?: string;
  /** Up to `length` bytes from `offset` (fewer at the end). May return a view into shared memory. */
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(Math.max(0, offset), Math.min(bytes.length, offset + Math.max(0, length))),
    close: () => undefined,
  };
}

export function fileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  let open = true;
  return {
    size,
    path,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const got = readSync(fd, out, done, n - done, offset + done);
        if (got === 0) break;
        done += got;
      }
      return done === n ? out : out.subarray(0, done);
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** A window [start, start+length) of another source, e.g. a stored ZIP member. */
export function sliceSource(parent: ByteSource, start: number, length: number): ByteSource {
  const size = Math.max(0, Math.min(length, parent.size - start));
  return {
    size,
    read: (offset, len) => parent.read(start + offset, Math.max(0, Math.min(len, size - offset))),
    close: () => undefined,
  };
}

/** The whole source in memory, refusing above `max` bytes. */
export function readAll(source: ByteSource, max: number): Uint8Array | undefined {
  return source.size > max ? undefined : source.read(0, source.size);
}
