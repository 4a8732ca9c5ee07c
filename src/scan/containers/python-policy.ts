/**
 * What Python source shipped with a model may not do quietly. Names are fully qualified after import
 * aliases are resolved (`sp.run` with `import subprocess as sp` is `subprocess.run`); `*` ends a prefix.
 * Dangerous: the code runs programs, evaluates strings, loads bytecode or talks to the network when the
 * model loads. Suspicious: native code, deserialisers, computed imports — legitimate in some repositories,
 * worth a look in all.
 */
import { stdlibRule } from './python-stdlib.ts';

export type CodeLevel = 'dangerous' | 'suspicious';
/** What a name does, for the rules that combine findings (a download beside a code loader is dangerous). */
export type CodeTag = 'download' | 'load' | 'write';

const table: [string[], CodeLevel, string, CodeTag?][] = [
  [['os.system', 'os.popen*', 'os.exec*', 'os.spawn*', 'os.posix_spawn*', 'os.startfile', 'os.forkpty', 'pty.spawn', 'platform.popen', 'commands.*', 'popen2.*', '_posixsubprocess.*', '_winapi.CreateProcess'], 'dangerous', 'runs a program'],
  [['subprocess.Popen', 'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'asyncio.create_subprocess_*', 'asyncio.subprocess.create_subprocess_*', 'multiprocessing.util.spawnv_passfds'], 'dangerous', 'runs a program'],
  [['builtins.exec', 'builtins.eval', 'builtins.execfile'], 'dangerous', 'runs code from a string'],
  [['builtins.compile'], 'dangerous', 'compiles code from a string'],
  [['builtins.__import__'], 'dangerous', 'imports a module by name at run time'],
  [['marshal.load', 'marshal.loads', 'types.CodeType', 'types.FunctionType'], 'dangerous', 'builds code from bytes'],
  [['runpy.*', 'code.InteractiveInterpreter', 'code.InteractiveConsole', 'code.interact', 'code.compile_command'], 'dangerous', 'runs a module or script', 'load'],
  [['socket.socket', 'socket.create_connection', 'socket.create_server', 'socket.socketpair', 'socket.fromfd', 'socket.getaddrinfo', 'socket.gethostbyname', 'socket.gethostbyname_ex', 'ssl.wrap_socket'], 'dangerous', 'opens a network connection or resolves a name (an exfiltration channel)'],
  [['urllib.request.urlopen', 'urllib.request.urlretrieve', 'urllib.request.build_opener', 'urllib.request.Request', 'urllib.urlopen', 'urllib.urlretrieve', 'urllib2.urlopen', 'urllib2.Request', 'urllib2.build_opener', 'requests.get', 'requests.post', 'requests.put', 'requests.patch', 'requests.delete', 'requests.head', 'requests.options', 'requests.request', 'requests.Session', 'requests.session', 'requests.api.*', 'httpx.get', 'httpx.post', 'httpx.put', 'httpx.patch', 'httpx.delete', 'httpx.head', 'httpx.request', 'httpx.stream', 'httpx.Client', 'httpx.AsyncClient', 'urllib3.PoolManager', 'urllib3.request', 'urllib3.HTTPConnectionPool', 'urllib3.HTTPSConnectionPool', 'urllib3.connection_from_url', 'aiohttp.ClientSession', 'aiohttp.request', 'http.client.HTTPConnection', 'http.client.HTTPSConnection', 'httplib.HTTPConnection', 'httplib.HTTPSConnection', 'ftplib.FTP', 'ftplib.FTP_TLS', 'smtplib.SMTP', 'smtplib.SMTP_SSL', 'telnetlib.Telnet', 'paramiko.SSHClient', 'paramiko.Transport', 'pycurl.Curl', 'webbrowser.open', 'webbrowser.open_new', 'webbrowser.open_new_tab'], 'dangerous', 'downloads or sends data over the network', 'download'],
  [['torch.hub.load', 'torch.hub._load_local'], 'dangerous', 'runs hubconf.py code from another repository'],
  [['sympy.sympify', 'sympy.parse_expr', 'sympy.parsing.parse_expr', 'sympy.parsing.sympy_parser.parse_expr', 'sympy.core.sympify.sympify', 'sympy.lambdify', 'sympy.utilities.lambdify.lambdify', 'numexpr.evaluate', 'numexpr.re_evaluate', 'pandas.eval', 'pandas.DataFrame.eval', 'pandas.DataFrame.query', 'pandas.core.computation.eval.eval'], 'dangerous', 'evaluates an expression string (sympify and parse_expr call eval; numexpr and pandas.eval parse and run it)', 'load'],
  [['ctypes.*', '_ctypes.*', 'cffi.*'], 'suspicious', 'loads native code', 'load'],
  [['torch.utils.cpp_extension.load', 'torch.utils.cpp_extension.load_inline', 'torch.ops.load_library'], 'suspicious', 'compiles or loads native code', 'load'],
  [['importlib.util.spec_from_file_location', 'importlib.machinery.SourceFileLoader', 'importlib.machinery.SourcelessFileLoader', 'importlib.machinery.ExtensionFileLoader', 'imp.load_source', 'imp.load_module', 'imp.load_compiled', 'imp.load_dynamic', 'zipimport.zipimporter'], 'suspicious', 'loads a module from a file path', 'load'],
  [['pickle.load', 'pickle.loads', 'pickle.Unpickler', '_pickle.*', 'cPickle.*', 'dill.load', 'dill.loads', 'cloudpickle.load', 'cloudpickle.loads', 'shelve.open', 'joblib.load'], 'suspicious', 'deserialises a pickle (runs whatever it contains)', 'load'],
  [['torch.hub.load_state_dict_from_url', 'torch.hub.download_url_to_file', 'huggingface_hub.hf_hub_download', 'huggingface_hub.snapshot_download', 'huggingface_hub.cached_download', 'huggingface_hub.file_download.hf_hub_download', 'huggingface_hub.file_download.cached_download', 'huggingface_hub._snapshot_download.snapshot_download', 'huggingface_hub.HfApi.hf_hub_download', 'huggingface_hub.HfApi.snapshot_download', 'transformers.utils.cached_file', 'transformers.utils.hub.cached_file', 'wget.download', 'gdown.download', 'gdown.download_folder'], 'suspicious', 'downloads files at load time (their contents are not scanned)', 'download'],
  [['shutil.rmtree', 'shutil.move', 'shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.copymode', 'shutil.copystat', 'shutil.chown', 'shutil.make_archive', 'shutil.unpack_archive', 'os.remove', 'os.unlink', 'os.rmdir', 'os.removedirs', 'os.rename', 'os.renames', 'os.replace', 'os.chmod', 'os.lchmod', 'os.chown', 'os.lchown', 'os.symlink', 'os.link', 'os.truncate', 'os.ftruncate', 'os.write', 'os.pwrite', 'os.open', 'os.mkfifo', 'os.mknod', 'pathlib.Path.write_text', 'pathlib.Path.write_bytes', 'pathlib.Path.unlink', 'pathlib.Path.rmdir', 'pathlib.Path.symlink_to', 'pathlib.Path.hardlink_to', 'pathlib.Path.link_to', 'pathlib.Path.chmod', 'pathlib.Path.lchmod', 'pathlib.Path.rename', 'pathlib.Path.replace'], 'suspicious', 'writes, moves or deletes files', 'write'],
  [['os.kill', 'os.killpg', 'os.putenv', 'os.unsetenv', 'os.setuid', 'os.setgid', 'os.seteuid', 'os.setegid', 'os.setreuid', 'os.setresuid', 'os.chroot', 'os.fork', 'os.register_at_fork', 'os.dup2', 'sys.settrace', 'sys.setprofile', 'sys.addaudithook', 'sys.meta_path.insert', 'sys.meta_path.append', 'sys.path_hooks.insert', 'sys.path_hooks.append'], 'suspicious', 'changes the process, its environment or its import machinery'],
];

/** Module spellings that are the same module for an attacker's purposes. */
const synonyms: Record<string, string> = { posix: 'os', nt: 'os', __builtin__: 'builtins', __builtins__: 'builtins', _io: 'io', _operator: 'operator', _socket: 'socket' };

export function normalise(path: string): string {
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  return Object.hasOwn(synonyms, head) ? synonyms[head]! + (dot < 0 ? '' : path.slice(dot)) : path;
}

export interface Classification {
  level: CodeLevel;
  what: string;
  tag?: CodeTag;
  /** The name to report: a whole suspicious module (`ctypes`) is one finding, not one per attribute. */
  name: string;
}

/** Exact names, and wildcard prefixes grouped by their first component: classify runs for every name seen. */
const exact = new Map<string, Classification>();
const prefixes = new Map<string, [string, Classification][]>();
for (const [names, level, what, tag] of table) {
  const t = tag ? { tag } : {};
  for (const n of names) {
    if (!n.endsWith('*')) exact.set(n, { level, what, name: n, ...t });
    else {
      const prefix = n.slice(0, -1);
      const head = prefix.split('.')[0]!;
      prefixes.set(head, [...(prefixes.get(head) ?? []), [prefix, { level, what, name: level === 'suspicious' && n.endsWith('.*') ? n.slice(0, -2) : '', ...t }]]);
    }
  }
}

export function classify(path: string): Classification | undefined {
  const p = normalise(path);
  const hit = exact.get(p);
  if (hit) return hit;
  const dot = p.indexOf('.');
  for (const [prefix, cls] of prefixes.get(dot < 0 ? p : p.slice(0, dot)) ?? []) {
    if (p.startsWith(prefix)) return cls.name ? cls : { ...cls, name: p };
  }
  // The rest of the standard library's code-running surface, derived from its sources (python-stdlib.ts).
  const derived = stdlibRule(p);
  return derived ? { level: derived.level, what: derived.what, name: p, ...(derived.tag ? { tag: derived.tag } : {}) } : undefined;
}

/** Modules whose attributes are never read by a computed name in honest model code. */
export const SENSITIVE_MODULES = new Set(['os', 'subprocess', 'builtins', 'socket', 'pty', 'importlib', 'ctypes', 'marshal', 'runpy', 'requests', 'urllib.request', 'http.client', 'commands', 'code', 'pickle', 'webbrowser']);

/** Importing these at all is worth a look in a model's code, even when no call is visible. */
export const SENSITIVE_IMPORTS = new Set(['subprocess', 'pty', 'socket', 'ctypes', 'marshal', 'runpy', 'commands', 'telnetlib', 'ftplib', 'smtplib', 'paramiko', 'webbrowser', 'requests', 'httpx', 'urllib3', 'aiohttp', 'urllib.request', 'urllib2', 'http.client', '_posixsubprocess', 'cffi', 'dill', 'cloudpickle']);

/**
 * Modules that, used as a value — returned, stored in a container or a tuple, passed as an argument,
 * subscripted — leave the analysis: what is done with them later cannot be traced, so that is suspicious.
 */
export const MODULE_VALUES = new Set([...SENSITIVE_MODULES, 'sys', 'shutil', 'subprocess', 'urllib', 'http', 'pty', 'os.path', 'importlib.util', 'importlib.machinery', '_posixsubprocess']);

/** Imports of these with no visible use at all are suspicious: the module is reached some other way. */
export const VISIBLE_USE_IMPORTS = new Set(['os', 'sys', 'shutil', 'builtins', 'importlib', 'pickle', 'marshal']);

/**
 * Attributes through which one module reaches another (`os.path.os`, `shutil.os`, `tempfile._os`,
 * `torch.os`): read from any resolved module, the name is the sensitive module itself — except the real
 * submodules of the same name in SUBMODULES.
 */
export const SUBMODULES = new Set(['asyncio.subprocess', 'copyreg.pickle']);
export const REEXPORTED: ReadonlyMap<string, string> = new Map(Object.entries({ os: 'os', _os: 'os', posix: 'os', nt: 'os', sys: 'sys', _sys: 'sys', subprocess: 'subprocess', _subprocess: 'subprocess', builtins: 'builtins', socket: 'socket', _socket: 'socket', shutil: 'shutil', _shutil: 'shutil', importlib: 'importlib', _imp: 'importlib', ctypes: 'ctypes', pickle: 'pickle', _pickle: 'pickle', marshal: 'marshal', pty: 'pty', runpy: 'runpy' }));

/** Methods that write or delete files whatever object they are called on (pathlib's, mostly). */
export const WRITE_METHODS = new Set(['write_text', 'write_bytes', 'unlink', 'rmtree', 'symlink_to', 'hardlink_to']);

/** Attribute names that only sandbox escapes need; `__code__` has honest uses (introspection). */
export const GADGET_ATTRIBUTES: ReadonlyMap<string, CodeLevel> = new Map(Object.entries({ __globals__: 'dangerous', __subclasses__: 'dangerous', __builtins__: 'dangerous', __code__: 'suspicious', __getattribute__: 'suspicious' } as const));

/** Functions that, read from a module chosen at run time, leave no doubt about intent. */
export const DANGEROUS_LEAVES = new Set(['system', 'popen', 'Popen', 'check_output', 'check_call', 'getoutput', 'getstatusoutput', 'execv', 'execve', 'execl', 'execlp', 'execvp', 'spawnv', 'spawnl', 'posix_spawn', 'urlopen', 'urlretrieve', 'create_connection', 'exec', 'eval', '__import__']);

/** Builtins that are dangerous to call whatever the file binds to their names elsewhere. */
export const ALWAYS_BUILTIN = new Set(['exec', 'eval', 'execfile', '__import__']);

/** Builtins resolved when the file does not bind the name itself. */
export const BUILTINS = new Set(['exec', 'eval', 'execfile', 'compile', '__import__', 'getattr', 'globals', 'locals', 'vars', 'object', 'type', 'open', 'setattr', 'delattr', 'hasattr', 'dir']);
