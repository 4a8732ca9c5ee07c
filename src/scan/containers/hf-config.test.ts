import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { scanBytes, scanFile } from '../scan-file.ts';
import { scanPaths } from '../scan-paths.ts';
import { benignConfiguration, benignModeling, evilModeling, hfConfig, hfFolder, obfuscatedModeling, remoteCodeConfig } from '../test-support/hf.ts';
import { tar, zip } from '../test-support/zip-writer.ts';
import type { Finding } from '../types.ts';
import { chatTemplates, isHfConfig, jsonEncoding, parsePythonJson, pythonJsonText, remoteCodeRefs } from './hf-config.ts';

const remote = (findings: Finding[]): Finding[] => findings.filter((f) => f.rule === 'hf/remote-code');

describe('Hugging Face config references', () => {
  it.each([
    ['auto_map classes', { auto_map: { AutoConfig: 'configuration_x.XConfig', AutoModel: 'modeling_x.XModel' } }, [['auto_map.AutoConfig', 'configuration_x', 'XConfig', undefined], ['auto_map.AutoModel', 'modeling_x', 'XModel', undefined]]],
    ['tokenizer pair with null', { tokenizer_class: 'XTokenizer', auto_map: { AutoTokenizer: ['tokenization_x.XTokenizer', null] } }, [['auto_map.AutoTokenizer[0]', 'tokenization_x', 'XTokenizer', undefined]]],
    ['legacy list', { tokenizer_class: 'X', auto_map: ['tokenization_x.Slow', 'tokenization_x.Fast'] }, [['auto_map[0]', 'tokenization_x', 'Slow', undefined], ['auto_map[1]', 'tokenization_x', 'Fast', undefined]]],
    ['cross-repository', { model_type: 'x', auto_map: { AutoModel: 'org/repo--modeling_x.XModel' } }, [['auto_map.AutoModel', 'modeling_x', 'XModel', 'org/repo']]],
    ['custom pipeline', { architectures: ['X'], custom_pipelines: { 'pair-classification': { impl: 'pipe.PairPipeline', pt: ['AutoModel'] } } }, [['custom_pipelines.pair-classification.impl', 'pipe', 'PairPipeline', undefined]]],
    ['nested config', { model_type: 'x', text_config: { auto_map: { AutoModel: 'modeling_t.T' } } }, [['text_config.auto_map.AutoModel', 'modeling_t', 'T', undefined]]],
    ['no auto_map', JSON.parse(hfConfig()) as Record<string, unknown>, []],
  ])('%s', (_name, config, expected) => {
    expect(remoteCodeRefs(config).map((r) => [r.key, r.module, r.className, r.repo])).toEqual(expected);
  });

  it('chat templates as a string, a list of {name, template} and a {name: template} dict', () => {
    expect(chatTemplates({ chat_template: 'a' })).toEqual([['chat_template', 'a']]);
    expect(chatTemplates({ chat_template: [{ name: 'default', template: 'a' }, { name: 'rag', template: 'b' }] })).toEqual([['chat_template[default]', 'a'], ['chat_template[rag]', 'b']]);
    expect(chatTemplates({ chat_template: { default: 'a', tool_use: 'b', broken: 3 } })).toEqual([['chat_template.default', 'a'], ['chat_template.tool_use', 'b']]);
  });

  it('path-like modules are flagged; HF configs are told from other JSON', () => {
    expect(remoteCodeRefs({ auto_map: { AutoModel: '/tmp/evil.X' } })[0]!.pathLike).toBe(true);
    expect(isHfConfig({ class_name: 'Sequential', config: {} })).toBe(false);
    expect(isHfConfig({ keras_version: '3.3.3' })).toBe(false);
    expect(isHfConfig(JSON.parse(hfConfig()))).toBe(true);
  });

  it.each([
    ['utf-8', Buffer.from('{"a": 1}'), 'utf-8'],
    ['utf-8 with BOM', Buffer.from('\ufeff{"a": 1}'), 'utf-8-sig'],
    ['utf-16-le', Buffer.from('{"a": 1}', 'utf16le'), 'utf-16-le'],
    ['utf-16-be', Buffer.from('{"a": 1}', 'utf16le').swap16(), 'utf-16-be'],
    ['utf-16 with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": 1}', 'utf16le')]), 'utf-16'],
    ['utf-32-le', Buffer.concat([...'{"a": 1}'].map((c) => Buffer.from([c.charCodeAt(0), 0, 0, 0]))), 'utf-32-le'],
    ['utf-32-be with BOM', Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), ...[...'{"a": 1}'].map((c) => Buffer.from([0, 0, 0, c.charCodeAt(0)]))]), 'utf-32'],
  ])('decodes %s bytes as json.loads(bytes) does', (_name, bytes, encoding) => {
    expect(jsonEncoding(bytes)).toBe(encoding);
    expect(parsePythonJson(pythonJsonText(bytes))).toEqual({ a: 1 });
  });

  it('reads JSON as Python does (NaN, Infinity, BOM) so a config cannot hide from JSON.parse', () => {
    expect(parsePythonJson('\ufeff{"a": NaN, "b": -Infinity, "c": "NaN", "auto_map": {}}')).toEqual({ a: null, b: null, c: 'NaN', auto_map: {} });
    expect(parsePythonJson('{"a": }')).toBeUndefined();
  });
});

describe('auto_map resolved against the shipped modules', () => {
  const archive = (files: Record<string, string>): Uint8Array => zip(hfFolder(files));

  it('a dangerous modeling file makes the reference dangerous, naming the call', async () => {
    const r = await scanBytes(archive({ 'config.json': remoteCodeConfig(), 'configuration_tiny.py': benignConfiguration, 'modeling_tiny.py': evilModeling }), 'tiny.zip');
    const [config, model] = remote(r.findings);
    expect(config).toMatchObject({ level: 'suspicious', member: 'tiny/config.json', global: 'configuration_tiny.TinyConfig' });
    expect(config!.message).toMatch(/configuration_tiny\.py read: no dangerous call seen/);
    expect(model).toMatchObject({ level: 'dangerous', member: 'tiny/config.json', global: 'modeling_tiny.TinyModel' });
    expect(model!.message).toMatch(/modeling_tiny\.py line \d+: calls subprocess\.Popen\(\["\/bin\/sh"/);
    expect(r.findings.find((f) => f.rule === 'python/unsafe-code')).toMatchObject({ member: 'tiny/modeling_tiny.py', global: 'subprocess.Popen' });
  });

  it('the evidence offset points at the reference in config.json', async () => {
    const text = remoteCodeConfig();
    const r = await scanBytes(archive({ 'config.json': text, 'modeling_tiny.py': benignModeling, 'configuration_tiny.py': benignConfiguration }), 'tiny.zip');
    const f = remote(r.findings).find((x) => x.global === 'modeling_tiny.TinyModel')!;
    expect(text.slice(f.offset, f.offset! + 25)).toBe('"modeling_tiny.TinyModel"');
    expect(r.verdict).toBe('suspicious');
  });

  it('follows relative imports: a dangerous helper taints the module that imports it', async () => {
    const modeling = benignModeling.replace('from .configuration_tiny import TinyConfig', 'from .configuration_tiny import TinyConfig\nfrom .kernels import fused');
    const r = await scanBytes(archive({ 'config.json': remoteCodeConfig(), 'configuration_tiny.py': benignConfiguration, 'modeling_tiny.py': modeling, 'kernels.py': obfuscatedModeling }), 'tiny.zip');
    const model = remote(r.findings).find((f) => f.global === 'modeling_tiny.TinyModel')!;
    expect(model.level).toBe('dangerous');
    expect(model.message).toMatch(/kernels\.py line \d+: calls os\.system/);
  });

  it('only modules in the same folder count, through nested archives too', async () => {
    const apart = zip([...hfFolder({ 'config.json': remoteCodeConfig() }, 'a'), ...hfFolder({ 'modeling_tiny.py': evilModeling }, 'b')]);
    const found = remote((await scanBytes(apart, 'apart.zip')).findings).find((f) => f.global === 'modeling_tiny.TinyModel')!;
    expect(found.level).toBe('suspicious');
    expect(found.message).toMatch(/not shipped beside this config/);
    const nested = gzipSync(tar(hfFolder({ 'config.json': remoteCodeConfig(), 'modeling_tiny.py': evilModeling }).map((m) => ({ name: m.name, data: m.data }))));
    const deep = remote((await scanBytes(nested, 'tiny.tar.gz')).findings).find((f) => f.global === 'modeling_tiny.TinyModel')!;
    expect(deep).toMatchObject({ level: 'dangerous', member: '<gunzip>!/tiny/config.json' });
  });

  it.each([
    ['cross-repository reference', remoteCodeConfig('modeling_tiny', 'attacker/helpers'), 'dangerous', /another Hub repository, attacker\/helpers/],
    ['module path outside the folder', hfConfig({ auto_map: { AutoModel: '/tmp/payload.Model' } }), 'dangerous', /file path/],
    ['module not shipped', remoteCodeConfig(), 'suspicious', /not shipped beside this config/],
  ])('%s', async (_name, config, level, message) => {
    const r = await scanBytes(new TextEncoder().encode(config), 'config.json');
    expect(r.formats).toEqual(['hf-config']);
    const f = remote(r.findings).at(-1)!;
    expect(f.level).toBe(level);
    expect(f.message).toMatch(message);
    expect(f.cwe).toBe('CWE-94');
    expect(f.techniques).toEqual(['AML.T0010.003', 'AML.T0011.000']);
  });
});

describe('auto_map in a model folder on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-hf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const folder = (name: string, files: Record<string, string>): string => {
    mkdirSync(join(dir, name), { recursive: true });
    for (const [file, body] of Object.entries(files)) writeFileSync(join(dir, name, file), body);
    return join(dir, name);
  };

  it('config.json reads the modules beside it; each .py file also stands alone', async () => {
    const evil = folder('evil', { 'config.json': remoteCodeConfig(), 'configuration_tiny.py': benignConfiguration, 'modeling_tiny.py': evilModeling, 'README.md': '# Tiny\n' });
    const config = await scanFile(join(evil, 'config.json'));
    expect(remote(config.findings).map((f) => [f.global, f.level])).toEqual([['configuration_tiny.TinyConfig', 'suspicious'], ['modeling_tiny.TinyModel', 'dangerous']]);
    const reports = await scanPaths([evil], { jobs: 0 });
    expect(Object.fromEntries(reports.map((r) => [r.path.slice(evil.length + 1), r.verdict]))).toEqual({
      'README.md': 'clean', 'config.json': 'dangerous', 'configuration_tiny.py': 'clean', 'modeling_tiny.py': 'dangerous',
    });
  });

  it('a remote-code folder with honest modules is suspicious, not dangerous', async () => {
    const ok = folder('ok', { 'config.json': remoteCodeConfig(), 'configuration_tiny.py': benignConfiguration, 'modeling_tiny.py': benignModeling });
    const reports = await scanPaths([ok], { jobs: 0 });
    expect(reports.map((r) => r.verdict)).toEqual(['suspicious', 'clean', 'clean']);
  });
});
