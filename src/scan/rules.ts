import type { Level } from './types.ts';

/**
 * Every rule the scanner can report, as data: the README table, the SARIF rule list and the check's
 * evidence all derive from this catalogue.
 */
export interface Rule {
  level: Level;
  title: string;
  techniques: string[];
  cwe?: string;
  help: string;
}

const EXEC = ['AML.T0010.003', 'AML.T0011.000', 'AML.T0018.002'];
const CORRUPT = ['AML.T0076', 'AML.T0010.003'];

export const rules = {
  'pickle/dangerous-call': { level: 'dangerous', title: 'Pickle calls a dangerous global', techniques: EXEC, cwe: 'CWE-502', help: 'Loading this file runs code (exec, os, subprocess, …). Do not load it; rebuild the model from a trusted source or convert it to safetensors.' },
  'pickle/dangerous-global': { level: 'dangerous', title: 'Pickle imports a dangerous global', techniques: EXEC, cwe: 'CWE-502', help: 'Importing this global is only useful to attack the loader. Do not load the file.' },
  'pickle/resolver-chain': { level: 'dangerous', title: 'Pickle resolves a callable at load time', techniques: EXEC, cwe: 'CWE-502', help: 'getattr/importlib/pkgutil.resolve_name/attrgetter hide the real target from deny lists. Treat as malicious.' },
  'pickle/nested-pickle': { level: 'dangerous', title: 'Pickle deserialises an embedded payload', techniques: EXEC, cwe: 'CWE-502', help: 'Bytes handed to pickle.loads or torch.load inside a pickle are a second-stage payload.' },
  'pickle/unknown-global': { level: 'suspicious', title: 'Pickle imports a global outside the allow list', techniques: ['AML.T0011.000', 'AML.T0010.003'], cwe: 'CWE-502', help: 'Review the global; if it is your own class, load with an explicit allow list (torch.load(weights_only=True) + add_safe_globals).' },
  'pickle/unresolved-call': { level: 'suspicious', title: 'Pickle calls something the scanner cannot name', techniques: ['AML.T0011.000', 'AML.T0010.003'], cwe: 'CWE-502', help: 'The callable comes from a computed value; review the file by hand.' },
  'pickle/global-mutation': { level: 'suspicious', title: 'Pickle mutates an imported object', techniques: ['AML.T0018.002', 'AML.T0011.000'], cwe: 'CWE-502', help: 'BUILD/SETITEM/APPEND on a module-level object changes the loader\'s process state.' },
  'pickle/extension-code': { level: 'suspicious', title: 'Pickle uses the copyreg extension registry', techniques: ['AML.T0011.000'], cwe: 'CWE-502', help: 'EXT opcodes resolve globals from process state the scanner cannot see.' },
  'pickle/broken-stream': { level: 'inconclusive', title: 'Pickle stream is truncated or malformed', techniques: CORRUPT, help: 'Loaders run everything before the break (nullifAI). Findings before the offset stand; the rest could not be read.' },
  'pickle/frame-mismatch': { level: 'suspicious', title: 'Pickle FRAME boundaries do not match its opcodes', techniques: CORRUPT, help: 'Frame lengths disagree with the opcodes; parsers that trust frames see a different program than pickle.load.' },
  'pickle/stacked-streams': { level: 'info', title: 'Several pickle streams follow each other', techniques: CORRUPT, help: 'Every stream was scanned; a loader reading several streams runs them all.' },
  'pickle/trailing-data': { level: 'info', title: 'Bytes after the last pickle stream', techniques: CORRUPT, help: 'Data after STOP is ignored by pickle.load but may be read by other tools.' },
  'pickle/persistent-id': { level: 'info', title: 'Pickle refers to out-of-band data', techniques: [], help: 'Persistent ids and out-of-band buffers are resolved by the loader (e.g. PyTorch storages).' },
  'pickle/limit': { level: 'inconclusive', title: 'Pickle analysis stopped at a limit', techniques: CORRUPT, help: 'The stack, memo, nesting or time limit was reached; the file was not fully analysed.' },
  'archive/path-traversal': { level: 'dangerous', title: 'Archive member escapes the extraction folder', techniques: ['AML.T0010.003', 'AML.T0011.000'], cwe: 'CWE-22', help: 'Members with `..` or absolute paths overwrite files when extracted (zip-slip).' },
  'archive/symlink': { level: 'suspicious', title: 'Archive contains a link member', techniques: ['AML.T0010.003'], cwe: 'CWE-59', help: 'Links in model archives can point extraction or loading at files outside the model.' },
  'archive/header-mismatch': { level: 'suspicious', title: 'ZIP local header disagrees with the central directory', techniques: CORRUPT, help: 'Names, flags or CRCs differ between ZIP structures; tools disagree on what the archive holds.' },
  'archive/bad-crc': { level: 'suspicious', title: 'ZIP member fails its CRC check', techniques: CORRUPT, help: 'The member was scanned anyway, as lenient loaders (torch) read it.' },
  'archive/bomb': { level: 'inconclusive', title: 'Archive member exceeds size, ratio or time caps', techniques: CORRUPT, help: 'Decompression stopped at the cap (bzip2, xz, lzma, zstd and 7z: the part inflated before it was still scanned); scan it separately with larger limits if it is expected.' },
  'archive/malformed': { level: 'inconclusive', title: 'Archive could not be read', techniques: CORRUPT, help: 'The container is truncated or malformed.' },
  'archive/unsupported': { level: 'inconclusive', title: 'Container or compression not supported', techniques: ['AML.T0010.003'], help: 'The scanner cannot read this part (an encrypted 7z member or header, a ZIP compression method it does not inflate, a zstd/LZ4 external dictionary, a zstd window over 128 MB); treat as unscanned.' },
  'format/unknown': { level: 'inconclusive', title: 'Unknown file format', techniques: ['AML.T0010.003'], help: 'The file is not a format the scanner understands; it was not checked.' },
  'format/polyglot': { level: 'suspicious', title: 'File is valid as two formats', techniques: CORRUPT, help: 'Different loaders see different content; both readings were scanned.' },
  'format/trailing-data': { level: 'suspicious', title: 'Bytes the format does not account for', techniques: CORRUPT, help: 'Data beyond what the header describes can carry a second payload for another loader.' },
  'format/malformed': { level: 'inconclusive', title: 'Model file is malformed', techniques: CORRUPT, help: 'The structure does not match its specification.' },
  'pickle/function-reference': { level: 'info', title: 'Pickle references a framework function it never calls', techniques: [], help: 'A scikit-learn/SciPy/NumPy function stored as a parameter (e.g. SelectKBest(score_func=f_classif)); loading only looks it up.' },
  'numpy/object-array': { level: 'info', title: 'NumPy array with object dtype (pickled)', techniques: ['AML.T0011.000'], cwe: 'CWE-502', help: 'np.load(allow_pickle=True) unpickles this array; its pickle was scanned.' },
  'safetensors/invalid-header': { level: 'suspicious', title: 'safetensors header violates the specification', techniques: CORRUPT, help: 'Offsets, dtypes, shapes or lengths are inconsistent; the file can hide data or crash loaders.' },
  'safetensors/hole': { level: 'suspicious', title: 'safetensors data has holes or trailing bytes', techniques: CORRUPT, help: 'Bytes not covered by any tensor can carry a second file (polyglot).' },
  'keras/lambda-layer': { level: 'dangerous', title: 'Keras model contains a Lambda layer', techniques: EXEC, cwe: 'CWE-94', help: 'Lambda layers carry marshalled Python bytecode that runs on load (CVE-2024-3660).' },
  'keras/custom-object': { level: 'suspicious', title: 'Keras model refers to custom or unknown objects', techniques: ['AML.T0011.000', 'AML.T0010.003'], cwe: 'CWE-94', help: 'Custom classes/functions are imported by name on load (CVE-2025-1550).' },
  'tensorflow/dangerous-op': { level: 'dangerous', title: 'TensorFlow graph uses a file-system or Python op', techniques: EXEC, cwe: 'CWE-94', help: 'ReadFile/WriteFile/PyFunc/… run with the serving process\'s rights.' },
  'onnx/custom-domain': { level: 'suspicious', title: 'ONNX graph uses operators from a custom domain', techniques: ['AML.T0011.000', 'AML.T0010.003'], help: 'Custom-domain ops load native code from a runtime extension.' },
  'onnx/external-data-traversal': { level: 'dangerous', title: 'ONNX external data path escapes the model folder', techniques: ['AML.T0010.003', 'AML.T0025'], cwe: 'CWE-22', help: 'external_data locations with `..` or absolute paths read arbitrary files (CVE-2024-27318).' },
  'gguf/chat-template': { level: 'suspicious', title: 'GGUF chat template contains risky Jinja', techniques: ['AML.T0011.000', 'AML.T0010.003'], cwe: 'CWE-1336', help: 'Templates that reach Python internals (__class__, __globals__, …) run code in non-sandboxed renderers.' },
  'hf/chat-template': { level: 'suspicious', title: 'Chat template contains risky Jinja', techniques: ['AML.T0011.000', 'AML.T0010.003'], cwe: 'CWE-1336', help: 'Templates that reach Python internals (__class__, __globals__, …) run code in non-sandboxed renderers.' },
  'hf/remote-code': { level: 'suspicious', title: 'Hugging Face config loads Python code (auto_map)', techniques: ['AML.T0010.003', 'AML.T0011.000'], cwe: 'CWE-94', help: 'transformers imports and runs the named module when the model is loaded with trust_remote_code=True. Review the module (dangerous when it calls os/subprocess/exec/network, when it lives in another repository, or when it is a file path); load without trust_remote_code or pin a reviewed revision.' },
  'python/unsafe-code': { level: 'dangerous', title: 'Python source shipped with the model runs programs, code strings or network calls', techniques: EXEC, cwe: 'CWE-94', help: 'This file runs when it is imported (auto_map, custom pipelines, scripts). Dangerous: os.system/subprocess/exec/eval/__import__/sockets/downloads; suspicious: native code, pickle loading, computed imports.' },
  'python/source': { level: 'info', title: 'Python source shipped with the model', techniques: ['AML.T0010.003'], help: 'Code in a model folder runs when something imports it; it was analysed for dangerous calls.' },
  'torchscript/dangerous-op': { level: 'dangerous', title: 'TorchScript code touches files, the network or Python', techniques: EXEC, cwe: 'CWE-94', help: 'aten::save/from_file, debugprims::load_tensor and prim::rpc_* act outside the model when it runs; Python-only code cannot be valid TorchScript. Treat TorchScript as a program (PyTorch SECURITY.md).' },
  'torchscript/custom-op': { level: 'suspicious', title: 'TorchScript code needs a custom native operator library', techniques: ['AML.T0011.000', 'AML.T0010.003'], cwe: 'CWE-829', help: 'Operators or classes from a namespace PyTorch does not ship only resolve after loading a native library, whose code then runs in the loader.' },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof rules;

export function ruleOf(id: RuleId): Rule {
  return rules[id];
}
