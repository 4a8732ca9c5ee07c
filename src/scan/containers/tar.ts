import { noteFormat, outOfTime, report, type ScanContext } from '../context.ts';
import { bufferSource, sliceSource, type ByteSource } from '../source.ts';
import { isTarHeader } from './detect.ts';
import { escapesRoot } from './zip-reader.ts';
import { paxSparseMap, readSparseMap, sparseData, type SparseMap } from './tar-sparse.ts';
import { parsePax, tarNumber, type Pax } from './tar-fields.ts';

/** Types Python's tarfile knows; any other type is extracted as a regular file (`makeunknown`). */
const SUPPORTED = new Set(['0', '\0', '1', '2', '3', '4', '5', '6', '7', 'L', 'K', 'S']);
/** Types whose data blocks tarfile skips; for the other known types it reads the next header right away. */
const REGULAR = new Set(['0', '\0', '7', 'S']);

interface Walk {
  at: number;
  global: Pax;
}

/**
 * POSIX/GNU tar read as Python's `tarfile` reads it (legacy PyTorch tar checkpoints, model bundles):
 * 512-byte headers with signed or unsigned checksums, octal or base-256 numbers; GNU long names and link
 * names (`L`, `K`); PAX local and global records (`path`, `linkpath`, `size` — a local `size` moves the
 * next header, a global one changes what extraction reads); old GNU sparse members rebuilt from their
 * map; types tarfile does not know extracted as regular files. Where GNU tar would walk differently (data
 * after a directory, link or device header, which tarfile reads as the next header and GNU tar skips),
 * both walks are followed. Members are scanned in place; links and escaping paths are reported; data
 * after the end-of-archive blocks is scanned too (`tar -i`, or a loader reading on, would reach it).
 */
export function scanTar(source: ByteSource, ctx: ScanContext): void {
  noteFormat(ctx, 'tar');
  const seen = new Set<number>();
  const scanned = new Set<string>();
  const queue: Walk[] = [{ at: 0, global: new Map() }];
  let members = 0;
  while (queue.length) {
    const walk = queue.shift()!;
    let at = walk.at;
    let local: Pax = new Map();
    let localRaw: Uint8Array | undefined;
    let longName: string | undefined;
    let longLink: string | undefined;
    for (;;) {
      if (outOfTime(ctx)) return void report(ctx, 'archive/bomb', 'time limit reached while walking tar headers', { offset: at });
      if (seen.has(at)) break;
      seen.add(at);
      if (at + 512 > source.size) {
        if (at < source.size) report(ctx, 'archive/malformed', `tar archive ends inside a header at ${at}`, { offset: at });
        break;
      }
      const h = source.read(at, 512);
      if (h.every((c) => c === 0)) {
        afterEnd(source, ctx, at, queue, walk.global);
        break;
      }
      if (!isTarHeader(h)) {
        report(ctx, 'archive/malformed', `tar header at ${at} is corrupt (checksum)`, { offset: at });
        break;
      }
      if (++members > ctx.limits.maxMembers) return void report(ctx, 'archive/bomb', `more than ${ctx.limits.maxMembers} tar members`, { offset: at });
      const header = parseHeader(h);
      let type = header.type;
      if (header.size === undefined) {
        report(ctx, 'archive/malformed', `tar header at ${at} has an unreadable size`, { offset: at });
        break;
      }
      let dataAt = at + 512;
      const stored = header.size;
      if (type === 'L' || type === 'K' || type === 'x' || type === 'g' || type === 'X') {
        const body = source.read(dataAt, Math.min(stored, 1 << 20));
        if (type === 'L') longName = cstr(body, 0, body.length);
        else if (type === 'K') longLink = cstr(body, 0, body.length);
        else {
          const records = parsePax(body);
          if (records.problem) report(ctx, 'archive/malformed', `PAX header at ${at}: ${records.problem}`, { offset: at });
          if (type === 'g') for (const [k, v] of records.values) walk.global.set(k, v);
          else {
            local = new Map([...local, ...records.values]);
            localRaw = body; // GNU sparse 0.0 repeats its offset/numbytes keys: read from the raw records
          }
        }
        at = dataAt + block(stored);
        continue;
      }
      if (type === '\0' && header.name.endsWith('/')) type = '5';
      let sparse: SparseMap | undefined;
      if (type === 'S') {
        sparse = readSparseMap(source, h, dataAt);
        dataAt = sparse.dataAt;
      }
      const pax = new Map([...walk.global, ...local]);
      const name = stripDir(pax.get('GNU.sparse.name') ?? pax.get('path') ?? longName ?? header.name, type);
      const link = pax.get('linkpath') ?? longLink ?? header.linkname;
      // A local `size` record moves the next header; a global one only changes what extraction reads.
      const localSize = local.has('size') ? paxNumber(local.get('size')!) : undefined;
      const walkSize = localSize ?? stored;
      const readSize = pax.has('size') ? paxNumber(pax.get('size')!) : stored;
      const sub = { ...ctx, member: [...ctx.member, name] };
      if (!sparse && (REGULAR.has(type) || !SUPPORTED.has(type))) sparse = paxSparseMap(source, pax, localRaw, dataAt, readSize, sub);
      local = new Map();
      localRaw = undefined;
      longName = longLink = undefined;
      if (escapesRoot(name)) report(sub, 'archive/path-traversal', `tar member ${JSON.stringify(name)} extracts outside the target folder`, { offset: at });
      if (type === '1' || type === '2') {
        report(sub, 'archive/symlink', `tar member ${name} is a ${type === '2' ? 'symbolic' : 'hard'} link to ${link}`, { offset: at, ...(escapesRoot(link) || link.startsWith('/') ? { level: 'dangerous' as const } : {}) });
      }
      if (readSize !== stored) report(sub, 'archive/header-mismatch', `tar member ${name}: a PAX size of ${readSize} overrides the header's ${stored}`, { offset: at });
      const skips = REGULAR.has(type) || !SUPPORTED.has(type);
      if (skips) {
        if (!SUPPORTED.has(type)) report(sub, 'archive/header-mismatch', `tar member ${name} has type ${JSON.stringify(type)}, which tarfile extracts as a regular file`, { offset: at, level: 'info' });
        scanMember(source, ctx, sub, name, dataAt, readSize, sparse, scanned);
        at = dataAt + block(walkSize);
      } else {
        if (walkSize > 0) {
          // tarfile reads the next header here; GNU tar skips the data. Both are followed, and the data scanned.
          report(sub, 'archive/header-mismatch', `tar member ${name} (type ${type}) carries ${walkSize} bytes that tarfile reads as headers and GNU tar skips`, { offset: at });
          scanMember(source, ctx, sub, name, dataAt, walkSize, undefined, scanned);
          queue.push({ at: dataAt + block(walkSize), global: new Map(walk.global) });
        }
        at = dataAt;
      }
    }
  }
}

function scanMember(source: ByteSource, ctx: ScanContext, sub: ScanContext, name: string, dataAt: number, size: number, sparse: SparseMap | undefined, scanned: Set<string>): void {
  if (sparse) dataAt = sparse.dataAt; // after old GNU extended blocks, or a PAX 1.0 map
  const key = `${dataAt}:${size}:${sparse ? 's' : ''}`;
  if (scanned.has(key)) return;
  scanned.add(key);
  if (dataAt + (sparse ? sparse.stored : size) > source.size) {
    report(sub, 'archive/malformed', `tar member ${name} runs past the end`, { offset: dataAt });
    size = Math.max(0, source.size - dataAt);
  }
  if (sparse) {
    const rebuilt = sparseData(source, dataAt, sparse, sub);
    if (rebuilt) ctx.nested(bufferSource(rebuilt), name);
    // The stored chunks, holes left out, are what a reader that ignores the map gets: its calls count, but
    // not its broken streams or unreadable formats (the holes are missing from it, so honest files break too).
    const findings = ctx.sink.findings;
    const before = findings.length;
    ctx.nested(sliceSource(source, dataAt, sparse.stored), `${name}@stored`);
    findings.push(...findings.splice(before).filter((f) => f.level === 'dangerous'));
    return;
  }
  ctx.nested(sliceSource(source, dataAt, size), name);
}

/** After the end-of-archive zero blocks: another archive (`tar -i` reads on) or other data, scanned too. */
function afterEnd(source: ByteSource, ctx: ScanContext, at: number, queue: Walk[], global: Pax): void {
  let next = at;
  while (next + 512 <= source.size && source.read(next, 512).every((c) => c === 0)) next += 512;
  if (next >= source.size) return;
  const rest = source.read(next, Math.min(512, source.size - next));
  if (rest.every((c) => c === 0)) return;
  report(ctx, 'format/trailing-data', `${source.size - next} bytes after the end of the tar archive; tarfile stops there, \`tar -i\` and loaders that read on do not, so they were scanned`, { offset: next });
  if (rest.length === 512 && isTarHeader(rest)) queue.push({ at: next, global: new Map(global) });
  else ctx.nested(sliceSource(source, next, source.size - next), `@${next}:trailing`);
}

function parseHeader(h: Uint8Array): { name: string; linkname: string; size: number | undefined; type: string } {
  let name = cstr(h, 0, 100);
  const ustar = cstr(h, 257, 6) === 'ustar' && h[262] === 0 && h[263] === 0x30 && h[264] === 0x30;
  const type = String.fromCharCode(h[156]!);
  const prefix = cstr(h, 345, 155);
  if (ustar && prefix && !'LKS'.includes(type)) name = `${prefix}/${name}`;
  return { name, linkname: cstr(h, 157, 100), size: tarNumber(h, 124, 12), type };
}

function stripDir(name: string, type: string): string {
  let end = name.length;
  if (type === '5') while (end > 0 && name[end - 1] === '/') end--;
  return name.slice(0, end);
}

function paxNumber(v: string): number {
  const n = Number(v.trim());
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

function block(size: number): number {
  return Math.ceil(size / 512) * 512;
}

export function cstr(b: Uint8Array, at: number, len: number): string {
  const end = b.indexOf(0, at);
  return new TextDecoder().decode(b.subarray(at, end < 0 || end > at + len ? at + len : end));
}
