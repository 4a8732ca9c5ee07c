import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { report, type ScanContext, type ScanSink } from '../context.ts';
import type { RemoteCodeRef } from './hf-config.ts';
import { analysePython, describeIssue, type CodeIssue, type PythonAnalysis } from './python-source.ts';

/**
 * Ties `auto_map` references to the Python files shipped beside the config. Inside one scanned file
 * (a zip or tar of a model folder, nested as deep as it goes) configs and `.py` members are registered as
 * they are scanned, in any order, and resolved once the whole file has been read; a top-level config in a
 * folder reads its referenced modules (and what they import relatively, up to 32 files) from the folder.
 * Each `.py` file also gets its own findings when it is scanned itself, so a folder scan reports the
 * dangerous module twice: as the file it is, and as the code the config makes transformers run.
 */
interface Module {
  file: string;
  text: string;
  analysis: PythonAnalysis;
}

interface PendingConfig {
  ctx: ScanContext;
  refs: RemoteCodeRef[];
  text: string;
  /** Key of the archive folder the config sits in. */
  dir: string;
  /** The config's folder on disk, for a config scanned as a file of its own. */
  folder?: string;
}

interface Registry {
  modules: Map<string, Module>;
  configs: PendingConfig[];
}

const MAX_MODULES = 32;
const MAX_MODULE_BYTES = 16 * 1024 * 1024;
const registries = new WeakMap<ScanSink, Registry>();

function registry(sink: ScanSink): Registry {
  let r = registries.get(sink);
  if (!r) registries.set(sink, (r = { modules: new Map(), configs: [] }));
  return r;
}

/** `<archive chain>!/<folder inside the innermost archive>`. */
function dirOf(ctx: ScanContext): string {
  const last = ctx.member.at(-1) ?? '';
  const slash = last.lastIndexOf('/');
  return `${ctx.member.slice(0, -1).join('!/')}!/${slash < 0 ? '' : last.slice(0, slash)}`;
}

export function registerPythonModule(ctx: ScanContext, text: string, analysis: PythonAnalysis): void {
  const last = ctx.member.at(-1);
  if (last === undefined) return; // a file of its own: configs find it on disk
  const base = last.slice(last.lastIndexOf('/') + 1).replace(/\.pyw?$/i, '');
  registry(ctx.sink).modules.set(`${dirOf(ctx)}/${base}`, { file: last, text, analysis });
}

export function registerRemoteCode(ctx: ScanContext, refs: RemoteCodeRef[], text: string, folder?: string): void {
  registry(ctx.sink).configs.push({ ctx, refs, text, dir: dirOf(ctx), ...(folder !== undefined ? { folder } : {}) });
}

/** Reports every registered reference; called once the whole file has been scanned. */
export function reportRemoteCode(sink: ScanSink): void {
  const reg = registries.get(sink);
  if (!reg) return;
  registries.delete(sink);
  for (const cfg of reg.configs) {
    const groups = new Map<string, RemoteCodeRef[]>();
    for (const ref of cfg.refs) {
      const key = `${ref.repo ?? ''}--${ref.module}`;
      groups.set(key, [...(groups.get(key) ?? []), ref]);
    }
    for (const refs of groups.values()) reportGroup(reg, cfg, refs);
  }
}

function reportGroup(reg: Registry, cfg: PendingConfig, refs: RemoteCodeRef[]): void {
  const ref = refs[0]!;
  const keys = refs.map((r) => r.key).join(', ');
  const classes = [...new Set(refs.map((r) => r.className).filter(Boolean))].join(', ');
  const at = offsetOf(cfg.text, ref.reference);
  const fields = { global: ref.repo ? ref.reference : `${ref.module}.${classes}`, ...(at !== undefined ? { offset: at } : {}) };
  const head = `${keys} → ${ref.repo ? `${ref.repo}--` : ''}${ref.module}${classes ? ` (${classes})` : ''}`;
  if (ref.pathLike) {
    report(cfg.ctx, 'hf/remote-code', `${head}: the module is a file path, so Python would load code from outside the model folder when the model is loaded with trust_remote_code=True`, { ...fields, level: 'dangerous' });
    return;
  }
  if (ref.repo) {
    report(cfg.ctx, 'hf/remote-code', `${head}: transformers fetches this code from another Hub repository, ${ref.repo}, at load time; it is not part of this model, was not scanned, and runs with trust_remote_code=True`, { ...fields, level: 'dangerous' });
    return;
  }
  const closure = modulesOf(reg, cfg, ref.module);
  const worst = worstIssue(closure);
  const runs = `transformers imports and runs ${ref.module}.py when the model is loaded with trust_remote_code=True`;
  if (worst?.issue.level === 'dangerous') {
    report(cfg.ctx, 'hf/remote-code', `${head}: ${runs}, and ${worst.module.file} ${describeIssue(worst.issue, worst.module.text)}`, { ...fields, level: 'dangerous' });
    return;
  }
  const detail = closure.length === 0
    ? `; ${ref.module}.py is not shipped beside this config, so it would come unscanned from the model's Hub repository`
    : worst ? `; ${worst.module.file} ${describeIssue(worst.issue, worst.module.text)}` : `; ${closure.map((m) => m.file).join(', ')} read: no dangerous call seen`;
  report(cfg.ctx, 'hf/remote-code', `${head}: ${runs}${detail}`, fields);
}

/** The module and, transitively, the modules it imports relatively, as transformers copies them. */
function modulesOf(reg: Registry, cfg: PendingConfig, first: string): Module[] {
  const out: Module[] = [];
  const seen = new Set<string>();
  const queue = [first];
  while (queue.length && out.length < MAX_MODULES) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const m = reg.modules.get(`${cfg.dir}/${name}`) ?? (cfg.folder !== undefined ? fromFolder(cfg.folder, name) : undefined);
    if (!m) continue;
    out.push(m);
    queue.push(...m.analysis.relativeImports);
  }
  return out;
}

function fromFolder(folder: string, name: string): Module | undefined {
  if (!/^[\w.-]+$/.test(name) || name.includes('..')) return undefined;
  const file = `${name}.py`;
  const path = join(folder, file);
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_MODULE_BYTES) return undefined;
    const text = readFileSync(path, 'utf8');
    return { file, text, analysis: analysePython(text) };
  } catch {
    return undefined; // not shipped: reported as such
  }
}

function worstIssue(modules: Module[]): { module: Module; issue: CodeIssue } | undefined {
  let best: { module: Module; issue: CodeIssue } | undefined;
  for (const module of modules) {
    for (const issue of module.analysis.issues) {
      if (!best || (issue.level === 'dangerous' && best.issue.level !== 'dangerous')) best = { module, issue };
    }
  }
  return best;
}

/** Byte offset of the reference's JSON string in the config text. */
function offsetOf(text: string, reference: string): number | undefined {
  let k = text.indexOf(JSON.stringify(reference));
  if (k < 0) k = text.indexOf(reference);
  return k < 0 ? undefined : Buffer.byteLength(text.slice(0, k), 'utf8');
}
