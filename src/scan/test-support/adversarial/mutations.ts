import { bytes, MARKER, u32 } from './types.ts';

/**
 * The marker payload written opcode by opcode, in any protocol, with GLOBAL or STACK_GLOBAL, optionally
 * framed, and with no-ops after each push (NONE+POP, MARK+POP_MARK, EMPTY_LIST+POP, or a memo write):
 * every variant still runs under `pickle.loads` (checked with CPython for all protocols).
 */
export type Noop = 'none-pop' | 'mark-popmark' | 'list-pop' | 'memo';

export function evilOps(protocol: number, stackGlobal: boolean, noops: Noop[], frame: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  let k = 0;
  let memo = 0;
  const push = (b: Uint8Array | string): void => {
    parts.push(typeof b === 'string' ? Buffer.from(b, 'latin1') : b);
    const noop = noops[k++ % Math.max(1, noops.length)];
    if (!noops.length || noop === undefined) return;
    if (noop === 'none-pop') parts.push(Buffer.from('N0'));
    else if (noop === 'mark-popmark') parts.push(Buffer.from('(1'));
    else if (noop === 'list-pop') parts.push(Buffer.from(']0'));
    else parts.push(protocol >= 4 ? Uint8Array.of(0x94) : protocol >= 1 ? Uint8Array.of(0x71, memo++ & 0xff) : Buffer.from(`p${memo++}\n`));
  };
  const str = (s: string): Uint8Array => (protocol >= 4 ? bytes([0x8c, s.length], s) : protocol >= 1 ? bytes('U', [s.length], s) : bytes(`S'${s}'\n`));
  if (stackGlobal && protocol >= 4) {
    push(str('os'));
    push(str('system'));
    push(Uint8Array.of(0x93));
  } else push('cos\nsystem\n');
  if (protocol >= 2) {
    push(str(MARKER));
    push(Uint8Array.of(0x85)); // TUPLE1
  } else {
    parts.push(Buffer.from('('));
    parts.push(str(MARKER));
    parts.push(Buffer.from('t'));
  }
  parts.push(Buffer.from('R.'));
  let body: Uint8Array = Buffer.concat(parts);
  if (frame && protocol >= 4) body = bytes([0x95], [...u32(body.length), 0, 0, 0, 0], body);
  return protocol >= 2 ? bytes([0x80, protocol], body) : body;
}
