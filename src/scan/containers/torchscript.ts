import { noteFormat, report, type ScanContext } from '../context.ts';
import type { ByteSource } from '../source.ts';
import { isText } from './detect.ts';
import { analysePython, describeIssue, lineOf } from './python-source.ts';
import { tokenize } from './python-tokens.ts';
import { isOpcode } from '../pickle/opcodes.ts';
import { decodeRawUnicodeEscape, decodeStringRepr } from '../pickle/text-args.ts';

/**
 * TorchScript archives (`torch.jit.save`): `<root>/code/__torch__/**.py` holds the program torch.jit.load
 * compiles and runs, `<root>/bytecode.pkl` the lite-interpreter version of it (its operator table lists
 * `ns::op` names). TorchScript cannot import Python, but PyTorch's own advice is to treat a TorchScript
 * model as a program (SECURITY.md): some operators touch the outside world — `aten::save` writes a file,
 * `aten::from_file` reads one (and maps it writable with shared=True), `debugprims::load_tensor` reads
 * one, `prim::rpc_*` call other machines — and ops from namespaces PyTorch does not ship need a native
 * library loaded first. Python-only constructs (`__import__`, `exec`, `os.system`) cannot be compiled by
 * torch.jit.load, so their presence means the archive was written by hand or for another loader.
 * (Operator list: `torch._C._jit_get_all_schemas()` of torch 2.13.)
 */
type Level = 'dangerous' | 'suspicious' | 'info';

const CORE = new Set(['aten', 'prim', 'prims', 'quantized', '_quantized', 'quantized_decomposed', 'quantization', 'sparse', 'mkldnn', 'mkldnn_prepacked', 'onednn', 'mkl', 'prepacked', 'xnnpack', 'vulkan', 'vulkan_prepack', 'metal', 'metal_prepack', 'static_runtime', 'inductor', 'inductor_prims', 'profiler', 'onnx', 'rngprims', '_native', '_dtensor', 'export', '_caffe2', 'cuda', 'rnn', 'profiling', 'backendutils', '_nnapi']);
const NETWORK = new Set(['c10d', '_c10d_functional', '_c10d_functional_autograd', 'c10d_functional', 'symm_mem', 'dist_c10d', 'dist_rpc', 'dist_autograd', '_dist_autograd']);
/** Operator libraries from the PyTorch organisation: listed, not alarming. */
const KNOWN_LIBRARIES = new Set(['torchvision', 'image', 'torchaudio', 'torchtext', 'fbgemm', 'torchrec', 'tensorrt', 'torch_tensorrt']);
const DANGEROUS_OPS: Record<string, string> = {
  'aten::save': 'writes a file (torch.save inside the model)',
  'aten::from_file': 'reads a file into a tensor (shared=True maps it writable)',
  'prim::rpc_async': 'calls a function on another machine (torch.distributed.rpc)',
  'prim::rpc_sync': 'calls a function on another machine (torch.distributed.rpc)',
  'prim::rpc_remote': 'calls a function on another machine (torch.distributed.rpc)',
};
const MAX_CODE = 16 * 1024 * 1024;

/** Archive folders (`''` or `name/`) that hold a TorchScript program. */
export function torchScriptRoots(names: readonly string[]): Set<string> {
  const roots = new Set<string>();
  for (const n of names) {
    const m = /^(.*\/)?(constants\.pkl|bytecode\.pkl|data\.pkl|attributes\.pkl|model\.json)$/.exec(n);
    if (!m) continue;
    const root = m[1] ?? '';
    // data.pkl alone is any torch.save checkpoint; beside code/ it is TorchScript, as are the model.json and
    // attributes.pkl of the torch 1.0–1.3 format.
    if (m[2] === 'constants.pkl' || m[2] === 'bytecode.pkl' || names.some((x) => x.startsWith(`${root}code/`) && x.endsWith('.py'))) roots.add(root);
  }
  return roots;
}

/**
 * Reads a member of a TorchScript archive. Returns true when the member was TorchScript source and was
 * analysed as such (the caller then does not scan it again as Python); bytecode.pkl is analysed and still
 * scanned as a pickle by the caller.
 */
export function scanTorchScriptMember(data: ByteSource, name: string, roots: Set<string>, ctx: ScanContext): boolean {
  const root = [...roots].filter((r) => name.startsWith(r)).sort((a, b) => b.length - a.length)[0];
  if (root === undefined || data.size > MAX_CODE) return false;
  if (name === `${root}bytecode.pkl`) {
    scanBytecode(data.read(0, data.size), ctx);
    return false;
  }
  if (!name.startsWith(`${root}code/`) || !name.endsWith('.py')) return false;
  const bytes = data.read(0, data.size);
  if (!isText(bytes.subarray(0, 1024))) return false; // not source: sniffed like any other member
  noteFormat(ctx, 'torchscript-code');
  scanTorchScriptSource(new TextDecoder().decode(bytes), ctx);
  return true;
}

export function scanTorchScriptSource(text: string, ctx: ScanContext): void {
  for (const i of analysePython(text, ctx.deadline).issues) {
    report(ctx, 'torchscript/dangerous-op', `${describeIssue(i, text)} — Python, not TorchScript: torch.jit.load cannot compile it, so the archive was made by hand or for another loader`, {
      level: i.level,
      offset: Buffer.byteLength(text.slice(0, i.at), 'utf8'),
      global: i.name,
      ...(i.args !== undefined ? { args: i.args } : {}),
    });
  }
  const { tokens } = tokenize(text);
  const seen = new Map<string, { at: number; count: number }>();
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    const prev = tokens[k - 1];
    if (tok.kind !== 'name' || (prev?.kind === 'op' && prev.value === '.')) continue;
    // torch 1.2–1.4 printed `import __torch__.…` lines; any other import cannot come from torch.jit.save.
    if ((tok.value === 'import' || tok.value === 'from') && (k === 0 || prev?.kind === 'newline')) {
      if (tokens[k + 1]?.value !== '__torch__') note(seen, 'import', tok.at);
      continue;
    }
    let path = tok.value;
    for (let j = k + 1; tokens[j]?.value === '.' && tokens[j + 1]?.kind === 'name'; j += 2) path += `.${tokens[j + 1]!.value}`;
    const op = opOf(path);
    if (op) note(seen, op, tok.at);
  }
  for (const [op, { at, count }] of seen) {
    const where = `line ${lineOf(text, at)}: `;
    const more = count > 1 ? ` (${count} places)` : '';
    const offset = Buffer.byteLength(text.slice(0, at), 'utf8');
    if (op === 'import') report(ctx, 'torchscript/dangerous-op', `${where}import statement: TorchScript source never imports; the archive was made by hand or for another loader${more}`, { offset, level: 'suspicious' });
    else classifyOp(ctx, op, `${where}`, more, { offset });
  }
}

/**
 * Lite-interpreter bytecode: the operator table and type list are strings inside the pickle, e.g.
 * `aten::save`. Every string constant of the stream is read at an opcode boundary (pickleStrings), so any
 * spelling the unpickler accepts is seen.
 */
function scanBytecode(bytes: Uint8Array, ctx: ScanContext): void {
  const seen = new Map<string, { at: number; count: number }>();
  for (const { value: s, at } of pickleStrings(bytes, ctx.deadline)) {
    if (s.length > 256) continue;
    const m = /^([A-Za-z_]\w*)::([A-Za-z_]\w*)$/.exec(s) ?? /^__torch__\.torch\.classes\.(\w+)\.(\w+)$/.exec(s);
    if (m) note(seen, s.startsWith('__torch__') ? `class ${m[1]}::${m[2]}` : s, at);
  }
  for (const [op, { at, count }] of seen) classifyOp(ctx, op, 'bytecode operator table: ', count > 1 ? ` (${count} places)` : '', { offset: at });
}

/** Opcode argument sizes (Lib/pickletools.py): fixed bytes, or `line`s of text. */
const FIXED: Record<number, number> = { 0x4a: 4, 0x4b: 1, 0x4d: 2, 0x47: 8, 0x68: 1, 0x6a: 4, 0x71: 1, 0x72: 4, 0x80: 1, 0x82: 1, 0x83: 2, 0x84: 4, 0x95: 8 };
const LINES: Record<number, number> = { 0x46: 1, 0x49: 1, 0x4c: 1, 0x50: 1, 0x67: 1, 0x70: 1, 0x63: 2, 0x69: 2 };
/** Length-prefixed arguments: the prefix's width (a negative one is signed). */
const COUNTED: Record<number, number> = { 0x54: -4, 0x55: 1, 0x58: 4, 0x8c: 1, 0x8d: 8, 0x42: 4, 0x43: 1, 0x8e: 8, 0x96: 8, 0x8a: 1, 0x8b: -4 };
const TEXT = new Set([0x53, 0x54, 0x55, 0x56, 0x58, 0x8c, 0x8d]);

/**
 * The string constants of a pickle (STRING, BINSTRING, SHORT_BINSTRING, UNICODE, BINUNICODE,
 * SHORT_BINUNICODE, BINUNICODE8), read opcode by opcode from the start through any streams that follow;
 * reading stops at a byte that is not an opcode, a truncated argument or the deadline. Read-only: the
 * pickle scanner still runs the stream through the symbolic machine for everything else.
 */
export function pickleStrings(bytes: Uint8Array, deadline = Infinity): { value: string; at: number }[] {
  const out: { value: string; at: number }[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder();
  const latin1 = (a: number, b: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + a, b - a).toString('latin1');
  let i = 0;
  for (let ops = 0; i < bytes.length; ops++) {
    if ((ops & 0xffff) === 0xffff && Date.now() > deadline) break;
    const at = i;
    const op = bytes[i++]!;
    if (!isOpcode(op)) break;
    const lines = LINES[op] ?? (op === 0x53 || op === 0x56 ? 1 : 0);
    if (lines) {
      const starts = i;
      for (let n = 0; n < lines; n++) {
        const nl = bytes.indexOf(10, i);
        if (nl < 0) return out;
        i = nl + 1;
      }
      const line = latin1(starts, i - 1);
      const s = op === 0x53 ? decodeStringRepr(line.replace(/\r$/, '')) : op === 0x56 ? decodeRawUnicodeEscape(line) : undefined;
      if (s !== undefined) out.push({ value: s, at });
      continue;
    }
    const width = COUNTED[op];
    if (width !== undefined) {
      const w = Math.abs(width);
      if (i + w > bytes.length) break;
      const n = w === 1 ? bytes[i]! : w === 4 ? (width < 0 ? view.getInt32(i, true) : view.getUint32(i, true)) : Number(view.getBigUint64(i, true));
      i += w;
      if (n < 0 || i + n > bytes.length) break;
      if (TEXT.has(op)) out.push({ value: op === 0x54 || op === 0x55 ? latin1(i, i + n) : utf8.decode(bytes.subarray(i, i + n)), at });
      i += n;
      continue;
    }
    i += FIXED[op] ?? 0;
  }
  return out;
}

function note(seen: Map<string, { at: number; count: number }>, key: string, at: number): void {
  const s = seen.get(key);
  if (s) s.count++;
  else seen.set(key, { at, count: 1 });
}

/** `ns::op` (or `class ns::Cls`) for a dotted name in TorchScript source, when it names an operator. */
function opOf(path: string): string | undefined {
  const p = path.replace(/^torch\.ops\./, 'ops.');
  let m = /^ops\.(\w+)\.(\w+)/.exec(p);
  if (m) return `${m[1]}::${m[2]}`;
  m = /^(?:__torch__\.)?torch\.classes\.(\w+)\.(\w+)/.exec(p);
  if (m) return `class ${m[1]}::${m[2]}`;
  if (p === 'torch.save') return 'aten::save';
  if (p === 'torch.from_file' || p.endsWith('.from_file')) return 'aten::from_file';
  if (/^torch\.(load|jit\.load|hub\.|distributed\.|package\.)/.test(p)) return `python ${p}`;
  return undefined;
}

function classifyOp(ctx: ScanContext, op: string, where: string, more: string, fields: { offset: number }): void {
  const [kind, rest] = op.startsWith('class ') ? ['class', op.slice(6)] : op.startsWith('python ') ? ['python', op.slice(7)] : ['op', op];
  const ns = rest.split('::')[0]!;
  const shown = kind === 'class' ? `torch.classes.${rest.replace('::', '.')}` : rest;
  const level = (l: Level): { level: Level } => ({ level: l });
  if (kind === 'python') {
    report(ctx, 'torchscript/dangerous-op', `${where}${shown} is Python, not TorchScript: it loads or fetches code or data outside the archive${more}`, { ...fields, global: shown, ...level('dangerous') });
  } else if (DANGEROUS_OPS[rest]) {
    report(ctx, 'torchscript/dangerous-op', `${where}${shown} ${DANGEROUS_OPS[rest]}${more}`, { ...fields, global: shown, ...level('dangerous') });
  } else if (ns === 'debugprims') {
    report(ctx, 'torchscript/dangerous-op', `${where}${shown} loads tensors from files by name${more}`, { ...fields, global: shown, ...level('dangerous') });
  } else if (NETWORK.has(ns)) {
    report(ctx, 'torchscript/dangerous-op', `${where}${shown} talks to other processes (distributed communication)${more}`, { ...fields, global: shown, ...level('suspicious') });
  } else if (CORE.has(ns)) {
    return;
  } else if (KNOWN_LIBRARIES.has(ns)) {
    report(ctx, 'torchscript/custom-op', `${where}${shown} comes from ${ns}, which must be installed and imported before loading${more}`, { ...fields, global: shown, ...level('info') });
  } else {
    report(ctx, 'torchscript/custom-op', `${where}${shown}: ${kind === 'class' ? 'custom class' : 'custom operator'} from namespace ${ns}, which PyTorch does not ship — its native library must be loaded (torch.ops.load_library) before torch.jit.load, and that library's code runs in the loader${more}`, { ...fields, global: shown });
  }
}
