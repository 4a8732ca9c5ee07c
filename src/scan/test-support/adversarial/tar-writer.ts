/**
 * A tar writer for evasive archives: any type byte, GNU long names (`L`), PAX local and global records,
 * base-256 sizes, no `ustar` magic (v7), a size field that lies, data after a header type that tarfile
 * does not skip, and old GNU sparse members.
 */
export interface TarEntry {
  name: string;
  data?: Uint8Array;
  type?: string;
  link?: string;
  /** Size written in the header when it should differ from the data's length. */
  headerSize?: number;
  base256?: boolean;
  v7?: boolean;
  /** Old GNU sparse map: (offset, length) pairs and the real size; `data` is the stored chunks. */
  sparse?: { chunks: [number, number][]; realSize: number };
}

const octal = (n: number, width: number): string => `${n.toString(8).padStart(width - 1, '0')}\0`;

export function tarHeader(e: TarEntry): Buffer {
  const h = Buffer.alloc(512);
  Buffer.from(e.name, 'latin1').subarray(0, 100).copy(h, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  const size = e.headerSize ?? e.data?.length ?? 0;
  if (e.base256) {
    h[124] = 0x80;
    h.writeUIntBE(size, 136 - 6, 6);
  } else h.write(octal(size, 12), 124);
  h.write('00000000000\0', 136);
  h.write(e.type ?? '0', 156, 'latin1');
  if (e.link) h.write(e.link.slice(0, 100), 157);
  if (!e.v7) {
    h.write('ustar\0', 257);
    h.write('00', 263);
  }
  if (e.sparse) {
    e.sparse.chunks.slice(0, 4).forEach(([offset, length], k) => {
      h.write(octal(offset, 12), 386 + k * 24);
      h.write(octal(length, 12), 386 + k * 24 + 12);
    });
    h.write(octal(e.sparse.realSize, 12), 483);
  }
  h.fill(' ', 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

const pad = (n: number): Buffer => Buffer.alloc((512 - (n % 512)) % 512);

export function tarOf(entries: TarEntry[], options: { end?: boolean } = {}): Uint8Array {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    blocks.push(tarHeader(e));
    if (e.data) blocks.push(Buffer.from(e.data), pad(e.data.length));
  }
  if (options.end !== false) blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** A PAX record block (`x` local or `g` global) as its own entry; pairs keep repeated keys (GNU sparse 0.0). */
export function paxEntry(records: Record<string, string> | [string, string][], type: 'x' | 'g' = 'x'): TarEntry {
  let body = '';
  for (const [k, v] of Array.isArray(records) ? records : Object.entries(records)) {
    const rest = ` ${k}=${v}\n`;
    let n = rest.length + 1;
    while (`${n}${rest}`.length !== n) n++;
    body += `${n}${rest}`;
  }
  return { name: 'PaxHeader', type, data: Buffer.from(body, 'utf8') };
}
