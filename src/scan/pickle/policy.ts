import {
  allowExact, dangerousComponents, decoders, denyExact, denyModules, fileMethods, frameworkClassPrefixes, frameworkFunctionPrefixes, moduleAliases, moduleNicknames, nameAliases, newObjectOnlyPrefixes, nestedLoaders, resolvers,
} from './policy-lists.ts';
import { stdlibRule } from '../containers/python-stdlib.ts';
import { kerasOutsideTheModel, tfApiRisk } from '../containers/tf-ops.ts';

/**
 * Fail-closed classification of a pickle global. Order matters: exact allow entries first (they are
 * specific), then resolvers and loaders (followed by the machine), then the tiered deny list (with
 * aliases and dotted-name components normalised), then framework classes; everything else is unknown.
 */
export type Tier = 'allowed' | 'resolver' | 'loader' | 'decoder' | 'dangerous' | 'suspicious' | 'unknown';

export interface Classification {
  tier: Tier;
  /** Normalised `module.name`. */
  name: string;
  /** Framework for allowed globals, deny category otherwise. */
  reason: string;
  /** Allowed only as NEWOBJ's class (`cls.__new__`); calling it runs an `__init__` that may do I/O. */
  newObjectOnly?: boolean;
  /** Allowed by its module prefix and a class-like name only, not by an exact entry. */
  byPrefix?: boolean;
}

export function normaliseModule(module: string): string {
  let m = module.trim();
  for (;;) {
    let changed = false;
    for (const [from, to] of moduleAliases) {
      if (m === from || m.startsWith(`${from}.`)) {
        const next = to + m.slice(from.length);
        if (next !== m) {
          m = next;
          changed = true;
        }
      }
    }
    if (!changed) return m;
  }
}

/**
 * A plain function of a numeric framework (already classified unknown, so on no deny list): safe to look
 * up, and reported as information when the pickle only stores it and never calls it.
 */
export function isFrameworkFunction(full: string): boolean {
  const name = full.slice(full.lastIndexOf('.') + 1);
  return /^[a-z_][a-z0-9_]*$/.test(name) && !name.startsWith('__') && frameworkFunctionPrefixes.some((p) => full.startsWith(p));
}

const cache = new Map<string, Classification>();

export function classify(module: string, name: string): Classification {
  const key = `${module}\u0000${name}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = classifyUncached(module, name);
    if (cache.size > 50_000) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

function classifyUncached(rawModule: string, rawName: string): Classification {
  const module = normaliseModule(rawModule);
  const written = `${module}.${rawName.trim()}`;
  const full = nameAliases.get(written) ?? written;
  const allowed = allowExact.get(full);
  if (allowed) return { tier: 'allowed', name: full, reason: allowed };
  if (resolvers.has(full)) return { tier: 'resolver', name: full, reason: 'resolves a callable at load time' };
  if (nestedLoaders.has(full)) return { tier: 'loader', name: full, reason: 'deserialises embedded bytes' };
  if (decoders.has(full)) return { tier: 'decoder', name: full, reason: 'decodes bytes' };
  const denied = deny(full) ?? tensorflowApi(full);
  if (denied) return denied;
  const parts = full.split('.');
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k]!;
    if (dangerousComponents.has(part) || (part.startsWith('__') && part.endsWith('__') && part.length > 4 && !allowedDunder(part))) {
      return { tier: 'dangerous', name: full, reason: `reaches \`${part}\` through an attribute path` };
    }
  }
  const name = rawName.trim();
  const reached = attributePath(module, name, full);
  if (reached) return reached;
  for (const [prefix, framework] of frameworkClassPrefixes) {
    if (full.startsWith(prefix) && /^(?:_?[A-Z][A-Za-z0-9_]*|__pyx_unpickle_\w+)$/.test(name)) return { tier: 'allowed', name: full, reason: framework, byPrefix: true };
  }
  for (const [prefix, framework] of newObjectOnlyPrefixes) {
    if (full.startsWith(prefix) && /^[A-Z][A-Za-z0-9_]*$/.test(name)) return { tier: 'allowed', name: full, reason: framework, newObjectOnly: true, byPrefix: true };
  }
  if (!/^[A-Za-z_][\w.]*$/.test(module) || !/^[A-Za-z_][\w.]*$/.test(name)) return { tier: 'suspicious', name: full, reason: 'not a valid Python name' };
  // The standard library's derived code-running surface: a callable that execs, imports, spawns, connects,
  // loads or writes what it is handed does it for a pickle too, and a pickle has no honest need to
  // (`shelve.open` imports a dbm module by name, `zipapp.create_archive` writes a file).
  const surface = stdlibRule(full);
  if (surface) return { tier: 'dangerous', name: full, reason: surface.what };
  return { tier: 'unknown', name: full, reason: 'not on any allow list' };
}

/**
 * A dotted name is walked attribute by attribute from the module (protocol 4 `find_class`), so each step can
 * land on a module the first one imported — under a private alias (`argparse` + `_os.spawnvp`, `pathlib` +
 * `io.open`) or a nickname (`np`) — or on a file-writing method of a class (`numpy` + `ndarray.tofile`). Each
 * such step is judged as the module or method it reaches; a pickler writes only class qualnames here.
 */
function attributePath(module: string, name: string, full: string): Classification | undefined {
  const parts = name.split('.');
  if (parts.length < 2) return undefined;
  const methods = fileMethods.get(module.split('.')[0]!);
  if (methods?.has(parts[parts.length - 1]!)) return { tier: 'dangerous', name: full, reason: `writes, deletes or maps files (${parts[parts.length - 1]} of a ${module} class)` };
  for (let k = 0; k < parts.length - 1; k++) {
    const held = moduleNicknames.get(parts[k]!) ?? parts[k]!.replace(/^_+/, '');
    const denied = deny(nameAliases.get(`${normaliseModule(held)}.${parts.slice(k + 1).join('.')}`) ?? `${normaliseModule(held)}.${parts.slice(k + 1).join('.')}`);
    if (denied?.tier === 'dangerous') return { ...denied, name: full, reason: `${denied.reason}, reached as ${denied.name} through ${module}.${parts.slice(0, k + 1).join('.')}` };
  }
  return undefined;
}

/**
 * TensorFlow and Keras functions judged as a TFOpLambda's are (tf-ops.ts): `tensorflow.io.write_file`,
 * `tensorflow.keras.utils.get_file` and `keras.models.load_model` act outside the model whether a config or a
 * pickle reaches them. TensorFlow's own modules for files, libraries and Python callbacks are reached
 * under their implementation names too (`tensorflow.python.ops.gen_io_ops.write_file`).
 */
function tensorflowApi(full: string): Classification | undefined {
  const api = /^(?:tensorflow\.|tf_keras\.|(?=keras\.))(.+)$/.exec(full)?.[1];
  if (api === undefined) return undefined;
  if (tfApiRisk(api, kerasOutsideTheModel) === 'dangerous' || /^python\.(?:.*\.)?(?:gen_io_ops|io_ops|file_io|gfile|load_library|script_ops|saved_model)(?:\.|$)/.test(api)) {
    return { tier: 'dangerous', name: full, reason: 'file system, native library or model loading (TensorFlow/Keras)' };
  }
  return undefined;
}

function allowedDunder(part: string): boolean {
  return part === '__main__' || part === '__torch__' || part === '__newobj__' || part === '__newobj_ex__';
}

function deny(full: string): Classification | undefined {
  const exact = denyExact.get(full);
  if (exact) return tiered(full, exact[0], exact[1]);
  // Longest matching module prefix: `numpy.f2py` wins over an allowed `numpy`.
  const parts = full.split('.');
  for (let k = parts.length; k >= 1; k--) {
    const prefix = parts.slice(0, k).join('.');
    const hit = denyModules.get(prefix);
    if (hit) return tiered(full, hit[0], hit[1]);
  }
  return undefined;
}

function tiered(name: string, tier: 'critical' | 'high' | 'medium', reason: string): Classification {
  return { tier: tier === 'medium' ? 'suspicious' : 'dangerous', name, reason };
}
