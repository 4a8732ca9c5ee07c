import { inflateSync } from 'node:zlib';
import type { Value } from './values.ts';

/**
 * Pure decoders a pickle can call on constants (base64, hex, codecs, zlib), evaluated so that an encoded
 * second-stage payload is decoded and scanned. Output is capped; anything else returns undefined.
 */
const MAX_OUT = 64 * 1024 * 1024;

export function evaluateDecoder(name: string, args: Value[]): Uint8Array | undefined {
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
      case 'zlib.decompress':
        return inflateSync(input, { maxOutputLength: MAX_OUT });
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
