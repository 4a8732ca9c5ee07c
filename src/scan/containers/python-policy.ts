/**
 * What Python source shipped with a model may not do quietly. Names are fully qualified after import
 * aliases are resolved (`sp.run` with `import subprocess as sp` is `subprocess.run`); `*` ends a prefix.
 * Dangerous: the code runs programs, evaluates strings, loads bytecode or talks to the network when the
 * model loads. Suspicious: native code, deserialisers, computed imports — legitimate in some repositories,
 * worth a look in all.
 */
export type CodeLevel = 'dangerous' | 'suspicious';

const table: [string[], CodeLevel, string][] = [
  [['os.system', 'os.popen*', 'os.exec*', 'os.spawn*', 'os.posix_spawn*', 'os.startfile', 'os.forkpty', 'pty.spawn', 'platform.popen', 'commands.*', 'popen2.*', '_posixsubprocess.*', '_winapi.CreateProcess'], 'dangerous', 'runs a program'],
  [['subprocess.Popen', 'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'asyncio.create_subprocess_*', 'multiprocessing.util.spawnv_passfds'], 'dangerous', 'runs a program'],
  [['builtins.exec', 'builtins.eval', 'builtins.execfile'], 'dangerous', 'runs code from a string'],
  [['builtins.compile'], 'dangerous', 'compiles code from a string'],
  [['builtins.__import__'], 'dangerous', 'imports a module by name at run time'],
  [['marshal.load', 'marshal.loads', 'types.CodeType', 'types.FunctionType'], 'dangerous', 'builds code from bytes'],
  [['runpy.*', 'code.InteractiveInterpreter', 'code.InteractiveConsole', 'code.interact', 'code.compile_command'], 'dangerous', 'runs a module or script'],
  [['socket.socket', 'socket.create_connection', 'socket.create_server', 'socket.socketpair', 'socket.fromfd', 'socket.getaddrinfo', 'socket.gethostbyname', 'socket.gethostbyname_ex', 'ssl.wrap_socket'], 'dangerous', 'opens a network connection or resolves a name (an exfiltration channel)'],
  [['urllib.request.urlopen', 'urllib.request.urlretrieve', 'urllib.request.build_opener', 'urllib.request.Request', 'urllib.urlopen', 'urllib.urlretrieve', 'urllib2.urlopen', 'urllib2.Request', 'urllib2.build_opener', 'requests.get', 'requests.post', 'requests.put', 'requests.patch', 'requests.delete', 'requests.head', 'requests.options', 'requests.request', 'requests.Session', 'requests.session', 'requests.api.*', 'httpx.get', 'httpx.post', 'httpx.put', 'httpx.patch', 'httpx.delete', 'httpx.head', 'httpx.request', 'httpx.stream', 'httpx.Client', 'httpx.AsyncClient', 'urllib3.PoolManager', 'urllib3.request', 'urllib3.HTTPConnectionPool', 'urllib3.HTTPSConnectionPool', 'urllib3.connection_from_url', 'aiohttp.ClientSession', 'aiohttp.request', 'http.client.HTTPConnection', 'http.client.HTTPSConnection', 'httplib.HTTPConnection', 'httplib.HTTPSConnection', 'ftplib.FTP', 'ftplib.FTP_TLS', 'smtplib.SMTP', 'smtplib.SMTP_SSL', 'telnetlib.Telnet', 'paramiko.SSHClient', 'paramiko.Transport', 'pycurl.Curl', 'webbrowser.open', 'webbrowser.open_new', 'webbrowser.open_new_tab'], 'dangerous', 'downloads or sends data over the network'],
  [['torch.hub.load', 'torch.hub._load_local'], 'dangerous', 'runs hubconf.py code from another repository'],
  [['ctypes.*', '_ctypes.*', 'cffi.*'], 'suspicious', 'loads native code'],
  [['torch.utils.cpp_extension.load', 'torch.utils.cpp_extension.load_inline', 'torch.ops.load_library'], 'suspicious', 'compiles or loads native code'],
  [['pickle.load', 'pickle.loads', 'pickle.Unpickler', '_pickle.*', 'cPickle.*', 'dill.load', 'dill.loads', 'cloudpickle.load', 'cloudpickle.loads', 'shelve.open', 'joblib.load'], 'suspicious', 'deserialises a pickle (runs whatever it contains)'],
  [['torch.hub.load_state_dict_from_url', 'torch.hub.download_url_to_file'], 'suspicious', 'downloads files at load time'],
];

/** Module spellings that are the same module for an attacker's purposes. */
const synonyms: Record<string, string> = { posix: 'os', nt: 'os', __builtin__: 'builtins', __builtins__: 'builtins', _io: 'io', _operator: 'operator', _socket: 'socket' };

export function normalise(path: string): string {
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  return head in synonyms ? synonyms[head]! + (dot < 0 ? '' : path.slice(dot)) : path;
}

export interface Classification {
  level: CodeLevel;
  what: string;
  /** The name to report: a whole suspicious module (`ctypes`) is one finding, not one per attribute. */
  name: string;
}

/** Exact names, and wildcard prefixes grouped by their first component: classify runs for every name seen. */
const exact = new Map<string, Classification>();
const prefixes = new Map<string, [string, Classification][]>();
for (const [names, level, what] of table) {
  for (const n of names) {
    if (!n.endsWith('*')) exact.set(n, { level, what, name: n });
    else {
      const prefix = n.slice(0, -1);
      const head = prefix.split('.')[0]!;
      prefixes.set(head, [...(prefixes.get(head) ?? []), [prefix, { level, what, name: level === 'suspicious' && n.endsWith('.*') ? n.slice(0, -2) : '' }]]);
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
  return undefined;
}

/** Modules whose attributes are never read by a computed name in honest model code. */
export const SENSITIVE_MODULES = new Set(['os', 'subprocess', 'builtins', 'socket', 'pty', 'importlib', 'ctypes', 'marshal', 'runpy', 'requests', 'urllib.request', 'http.client', 'commands', 'code', 'pickle', 'webbrowser']);

/** Importing these at all is worth a look in a model's code, even when no call is visible. */
export const SENSITIVE_IMPORTS = new Set(['subprocess', 'pty', 'socket', 'ctypes', 'marshal', 'runpy', 'commands', 'telnetlib', 'ftplib', 'smtplib', 'paramiko', 'webbrowser', 'requests', 'httpx', 'urllib3', 'aiohttp', 'urllib.request', 'urllib2', 'http.client', '_posixsubprocess', 'cffi', 'dill', 'cloudpickle']);

/** Attribute names that only sandbox escapes need; `__code__` has honest uses (introspection). */
export const GADGET_ATTRIBUTES: Record<string, CodeLevel> = { __globals__: 'dangerous', __subclasses__: 'dangerous', __builtins__: 'dangerous', __code__: 'suspicious', __getattribute__: 'suspicious' };

/** Functions that, read from a module chosen at run time, leave no doubt about intent. */
export const DANGEROUS_LEAVES = new Set(['system', 'popen', 'Popen', 'check_output', 'check_call', 'getoutput', 'getstatusoutput', 'execv', 'execve', 'execl', 'execlp', 'execvp', 'spawnv', 'spawnl', 'posix_spawn', 'urlopen', 'urlretrieve', 'create_connection', 'exec', 'eval', '__import__']);

/** Builtins that are dangerous to call whatever the file binds to their names elsewhere. */
export const ALWAYS_BUILTIN = new Set(['exec', 'eval', 'execfile', '__import__']);

/** Builtins resolved when the file does not bind the name itself. */
export const BUILTINS = new Set(['exec', 'eval', 'execfile', 'compile', '__import__', 'getattr', 'globals', 'locals', 'vars', 'object', 'type']);
