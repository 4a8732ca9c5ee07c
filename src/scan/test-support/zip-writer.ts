import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A ZIP writer for fixtures, including the malformations loaders disagree on: a local-header name that
 * differs from the central directory, flipped flag bits, a wrong CRC, symlink members, prepended bytes.
 */
export interface ZipMember {
  name: string;
  data: Uint8Array;
  method?: 'store' | 'deflate';
  /** The member's bytes as another compressor wrote them, with its ZIP method id; `data` stays the content (size, CRC). */
  compressed?: { method: number; body: Uint8Array };
  /** Name written in the local header (default: `name`). */
  localName?: string;
  flags?: number;
  localFlags?: number;
  crc?: number;
  symlink?: boolean;
}

export function zip(members: ZipMember[], options: { prefix?: Uint8Array; comment?: string } = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = options.prefix?.length ?? 0;
  if (options.prefix) chunks.push(options.prefix);
  for (const m of members) {
    const body = m.compressed?.body ?? (m.method === 'deflate' ? new Uint8Array(deflateRawSync(m.data)) : m.data);
    const method = m.compressed?.method ?? (m.method === 'deflate' ? 8 : 0);
    const crc = m.crc ?? crc32(m.data) >>> 0;
    const name = Buffer.from(m.name, 'utf8');
    const localName = Buffer.from(m.localName ?? m.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(m.localFlags ?? m.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(m.data.length, 22);
    local.writeUInt16LE(localName.length, 26);
    chunks.push(local, localName, body);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE((3 << 8) | 20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(m.flags ?? 0, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(m.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE((m.symlink ? 0o120777 : 0o100644) * 0x10000, 38);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + localName.length + body.length;
  }
  const cdStart = offset;
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const comment = Buffer.from(options.comment ?? '');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(cdStart - (options.prefix?.length ?? 0), 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...chunks, ...central, end, comment]);
}

/** A ustar archive (regular files and links). */
export function tar(members: { name: string; data?: Uint8Array; link?: string; type?: '0' | '1' | '2' }[]): Uint8Array {
  const blocks: Buffer[] = [];
  for (const m of members) {
    const h = Buffer.alloc(512);
    h.write(m.name.slice(0, 100), 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    const size = m.data?.length ?? 0;
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write(m.type ?? (m.link ? '2' : '0'), 156);
    if (m.link) h.write(m.link.slice(0, 100), 157);
    h.write('ustar\0', 257);
    h.write('00', 263);
    h.fill(' ', 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h);
    if (m.data) {
      blocks.push(Buffer.from(m.data));
      if (size % 512) blocks.push(Buffer.alloc(512 - (size % 512)));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
