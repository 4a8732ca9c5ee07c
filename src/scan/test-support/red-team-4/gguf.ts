import { benignTemplates, hostileTemplates } from '../chat-templates.ts';
import type { RedTeamCase } from '../red-team/types.ts';

/**
 * Big-endian GGUF: gguf-py's `GGUFReader` (which transformers' GGUF loader uses) reads a file whose version
 * has its low 16 bits zero as byte-swapped, so its chat template reaches `apply_chat_template` like any
 * other. The scanner read the version as little-endian (50331648) and stopped.
 */
function bigEndianGguf(kv: [string, string][]): Uint8Array {
  const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  const u64 = (n: number): Buffer => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };
  const str = (s: string): Buffer => { const b = Buffer.from(s, 'utf8'); return Buffer.concat([u64(b.length), b]); };
  return Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0), u64(kv.length), ...kv.flatMap(([k, v]) => [str(k), u32(8), str(v)])]);
}

export function ggufCases(): RedTeamCase[] {
  return [
    { name: 'gguf-big-endian-template-escape', kind: 'gguf', file: 'model-be.gguf', expect: 'dangerous', bytes: bigEndianGguf([['general.architecture', 'llama'], ['tokenizer.chat_template', hostileTemplates.cyclerGlobals!]]), how: 'the cycler.__init__.__globals__ escape in a byte-swapped file' },
    { name: 'gguf-big-endian-chatml', kind: 'gguf', file: 'model-be.gguf', expect: 'clean', bytes: bigEndianGguf([['general.architecture', 'llama'], ['tokenizer.chat_template', benignTemplates.chatml!]]), how: 'an honest big-endian GGUF (made for s390x) with the ChatML template' },
  ];
}
