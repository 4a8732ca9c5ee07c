import type { Fixture } from './corpus.ts';
import { benignConfiguration, benignModeling, evilModeling, hfConfig, hfFolder, obfuscatedModeling, remoteCodeConfig, tokenizerConfig, weights } from './hf.ts';
import { dumps, py } from './pickle-writer.ts';
import { benignTorchScriptCode, liteBytecode, torchScriptCode, torchScriptZip } from './torchscript.ts';
import { tar, zip } from './zip-writer.ts';

/** Corpus entries for code that ships with models: Hugging Face remote code and TorchScript. */
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

export function codeBenignFixtures(): Fixture[] {
  return [
    { name: 'HF config.json without auto_map', bytes: text(hfConfig()), expect: 'clean' },
    { name: 'HF tokenizer_config.json', bytes: text(tokenizerConfig()), expect: 'clean' },
    { name: 'HF model folder zip (configs + safetensors)', bytes: zip(hfFolder({ 'config.json': hfConfig(), 'tokenizer_config.json': tokenizerConfig(), 'generation_config.json': '{"bos_token_id": 1, "transformers_version": "4.44.0"}', 'model.safetensors': weights() })), expect: 'clean' },
    { name: 'TorchScript module (generated)', bytes: torchScriptZip({ '__torch__.py': benignTorchScriptCode }), expect: 'clean' },
    { name: 'TorchScript with torchvision ops', bytes: torchScriptZip({ '__torch__.py': torchScriptCode('_0 = ops.torchvision.nms(x, x, 0.5)') }), expect: 'clean' },
  ];
}

export function codeMaliciousFixtures(): Fixture[] {
  const boom = dumps(py.reduce(py.global('os', 'system'), py.tuple('id')), 2);
  return [
    { name: 'HF zip: auto_map + modeling file running a shell', bytes: zip(hfFolder({ 'config.json': remoteCodeConfig(), 'configuration_tiny.py': benignConfiguration, 'modeling_tiny.py': evilModeling, 'model.safetensors': weights() })), expect: 'dangerous', rule: 'hf/remote-code', global: 'modeling_tiny.TinyModel' },
    { name: 'HF zip: auto_map + reviewed-looking modeling file', bytes: zip(hfFolder({ 'config.json': remoteCodeConfig(), 'configuration_tiny.py': benignConfiguration, 'modeling_tiny.py': benignModeling })), expect: 'suspicious', rule: 'hf/remote-code' },
    { name: 'HF tar: auto_map + obfuscated module', bytes: tar(hfFolder({ 'config.json': remoteCodeConfig('modeling_obf'), 'modeling_obf.py': obfuscatedModeling }).map((m) => ({ name: m.name, data: m.data }))), expect: 'dangerous', rule: 'hf/remote-code' },
    { name: 'HF config.json: cross-repository auto_map', bytes: text(remoteCodeConfig('modeling_tiny', 'attacker/helpers')), expect: 'dangerous', rule: 'hf/remote-code', global: 'attacker/helpers--modeling_tiny.TinyModel' },
    { name: 'HF config.json: auto_map, module not shipped', bytes: text(remoteCodeConfig()), expect: 'suspicious', rule: 'hf/remote-code' },
    { name: 'HF tokenizer_config.json: auto_map pair', bytes: text(tokenizerConfig({ auto_map: { AutoTokenizer: ['tokenization_tiny.TinyTokenizer', null] } })), expect: 'suspicious', rule: 'hf/remote-code', global: 'tokenization_tiny.TinyTokenizer' },
    { name: 'HF config.json with NaN (Python json) and auto_map', bytes: text(remoteCodeConfig().replace('"rope_theta": 10000', '"rope_theta": NaN')), expect: 'suspicious', rule: 'hf/remote-code' },
    { name: 'python: getattr(__import__("o"+"s"), …) in modeling_obf.py', bytes: text(obfuscatedModeling), expect: 'dangerous', rule: 'python/unsafe-code', global: 'os.system' },
    { name: 'python: a shell in modeling_tiny.py', bytes: text(evilModeling), expect: 'dangerous', rule: 'python/unsafe-code', global: 'subprocess.Popen' },
    { name: 'TorchScript calling torch.save and torch.from_file', bytes: torchScriptZip({ '__torch__.py': torchScriptCode('torch.save(x, "/home/user/.bashrc")\n_0 = torch.from_file("/etc/shadow", True, 64)') }), expect: 'dangerous', rule: 'torchscript/dangerous-op', global: 'aten::save' },
    { name: 'TorchScript with a custom op namespace', bytes: torchScriptZip({ '__torch__.py': torchScriptCode('_0 = ops.evilns.pwn(x)') }), expect: 'suspicious', rule: 'torchscript/custom-op', global: 'evilns::pwn' },
    { name: 'TorchScript with Python __import__ in code/', bytes: torchScriptZip({ '__torch__/helpers.py': torchScriptCode('__import__("os").system("id")') }), expect: 'dangerous', rule: 'torchscript/dangerous-op', global: 'os.system' },
    { name: 'TorchScript with evil constants.pkl', bytes: torchScriptZip({ '__torch__.py': benignTorchScriptCode }, { constants: boom }), expect: 'dangerous', rule: 'pickle/dangerous-call', global: 'os.system' },
    { name: 'TorchScript lite bytecode listing aten::save', bytes: torchScriptZip({}, { bytecode: liteBytecode(['aten::add', 'aten::save']) }), expect: 'dangerous', rule: 'torchscript/dangerous-op', global: 'aten::save' },
  ];
}
