import type { ScanContext } from '../context.ts';
import { inflateCapped } from '../containers/inflate.ts';
import type { Value } from './values.ts';

/**
 * Pure decoders a pickle can call on constants (base64, hex, codecs, zlib), evaluated so that an encoded
 * second-stage payload is decoded and scanned. Every result is charged to the file's one inflation
 * budget (`sink.inflated`, shared with archives and compressed streams) and zlib output is held to the
 * same caps as a compressed member — the member cap, what is left of the budget and the 200:1 ratio —
 * so a small pickle that decompresses the same bomb forty times is stopped (`archive/bomb`), not held
 * in memory forty times. Anything else returns undefined.
 */
export function evaluateDecoder(name: string, args: Value[], ctx?: ScanContext, offset?: number): Uint8Array | undefined {
  const out = decode(name, args, ctx, offset);
  if (out && ctx) {
    if (ctx.sink.inflated + out.length > ctx.limits.maxTotalInflated) return undefined;
    if (name !== 'zlib.decompress') ctx.sink.inflated += out.length;
  }
  return out;
}

function decode(name: string, args: Value[], ctx: ScanContext | undefined, offset: number | undefined): Uint8Array | undefined {
  const input = asBytes(args[0]);
  if (!input) return undefined;
  const text = Buffer.from(input).toString('latin1');
  try {
    switch (name) {
      case 'base64.b64decode':
      case 'base64.standard_b64decode':
      case 'base64.decodebytes':
      case 'binascii.a2b_base64':
        return Buffer.from(text, 'base64');
      case 'base64.urlsafe_b64decode':
        return Buffer.from(text, 'base64url');
      case 'base64.b16decode':
      case 'binascii.unhexlify':
      case 'binascii.a2b_hex':
      case 'bytes.fromhex':
        return Buffer.from(text.replace(/\s+/g, ''), 'hex');
      case 'zlib.decompress': {
        // wbits: negative is a raw deflate stream, 25–47 gzip (or auto-detected), else a zlib stream.
        const wbits = typeof args[1] === 'number' ? args[1] : 15;
        const kind = wbits < 0 ? 'raw' : wbits >= 25 ? 'gzip' : 'zlib';
        if (!ctx) return undefined;
        return inflateCapped(ctx, kind, input, undefined, { ...(offset !== undefined ? { offset } : {}), what: `${name} argument` });
      }
      case 'codecs.decode':
      case 'codecs.encode':
      case '_codecs.encode': {
        const enc = typeof args[1] === 'string' ? args[1].toLowerCase().replace(/[-_]/g, '') : 'utf8';
        if (enc === 'latin1' || enc === 'iso88591') return Buffer.from(text, 'latin1');
        if (enc === 'hex' || enc === 'hexcodec') return Buffer.from(text, 'hex');
        if (enc === 'base64' || enc === 'base64codec') return Buffer.from(text, 'base64');
        if (enc === 'utf8') return Buffer.from(typeof args[0] === 'string' ? args[0] : text, 'utf8');
        return undefined;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function asBytes(v: Value | undefined): Uint8Array | undefined {
  if (typeof v === 'string') return Buffer.from(v, 'latin1');
  if (v !== null && typeof v === 'object' && v.t === 'bytes' && v.data) return v.data;
  return undefined;
}
