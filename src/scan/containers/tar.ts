import { noteFormat, report, type ScanContext } from '../context.ts';
import { sliceSource, type ByteSource } from '../source.ts';
import { escapesRoot } from './zip-reader.ts';

/**
 * POSIX/GNU tar (legacy PyTorch tar checkpoints, model bundles): 512-byte headers, members scanned in
 * place without extraction; PAX and GNU long names honoured; links and escaping paths reported.
 */
export function scanTar(source: ByteSource, ctx: ScanContext): void {
  noteFormat(ctx, 'tar');
  let at = 0;
  let longName: string | undefined;
  let members = 0;
  while (at + 512 <= source.size) {
    const h = source.read(at, 512);
    if (h.every((c) => c === 0)) return;
    const name = cstr(h, 0, 100);
    const prefix = cstr(h, 345, 155);
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] ?? 0x30);
    if (size === undefined || !verifyChecksum(h)) {
      report(ctx, 'archive/malformed', `tar header at ${at} is corrupt`, { offset: at });
      return;
    }
    const dataAt = at + 512;
    if (dataAt + size > source.size) {
      report(ctx, 'archive/malformed', `tar member ${name} runs past the end`, { offset: at });
      return;
    }
    if (++members > ctx.limits.maxMembers) {
      report(ctx, 'archive/bomb', `more than ${ctx.limits.maxMembers} tar members`, { offset: at });
      return;
    }
    const data = sliceSource(source, dataAt, size);
    if (type === 'L') longName = cstr(data.read(0, Math.min(size, 4096)), 0, size);
    else if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data.read(0, Math.min(size, 65536))))?.[1] ?? longName;
    else {
      const full = longName ?? (prefix ? `${prefix}/${name}` : name);
      longName = undefined;
      const sub = { ...ctx, member: [...ctx.member, full] };
      if (escapesRoot(full)) report(sub, 'archive/path-traversal', `tar member ${JSON.stringify(full)} extracts outside the target folder`, { offset: at });
      if (type === '1' || type === '2') {
        const target = cstr(h, 157, 100);
        report(sub, 'archive/symlink', `tar member ${full} is a ${type === '2' ? 'symbolic' : 'hard'} link to ${target}`, { offset: at, ...(escapesRoot(target) || target.startsWith('/') ? { level: 'dangerous' as const } : {}) });
      } else if (type === '0' || type === '\0' || type === '7') ctx.nested(data, full);
    }
    at = dataAt + Math.ceil(size / 512) * 512;
  }
}

function cstr(b: Uint8Array, at: number, len: number): string {
  const end = b.indexOf(0, at);
  return new TextDecoder().decode(b.subarray(at, end < 0 || end > at + len ? at + len : end));
}

function octal(b: Uint8Array, at: number, len: number): number | undefined {
  if ((b[at]! & 0x80) !== 0) {
    let v = 0;
    for (let k = at + 1; k < at + len; k++) v = v * 256 + b[k]!;
    return v;
  }
  const s = cstr(b, at, len).trim();
  return /^[0-7]*$/.test(s) ? parseInt(s || '0', 8) : undefined;
}

function verifyChecksum(h: Uint8Array): boolean {
  const stored = octal(h, 148, 8);
  let sum = 0;
  for (let k = 0; k < 512; k++) sum += k >= 148 && k < 156 ? 32 : h[k]!;
  return stored === sum;
}
