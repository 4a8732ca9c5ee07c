import { dumps, Ops, py } from '../pickle-writer.ts';
import { MARKER, type RedTeamCase } from '../red-team/types.ts';

/**
 * Callables a deny list names by their Python 3 module miss: the Python 2 names protocol 0–2 unpickling
 * maps through `_compat_pickle.IMPORT_MAPPING` (`dumbdbm` is `dbm.dumb`), and standard-library functions on
 * no list whose derived surface (data/python-stdlib-code.json) imports, writes or serves.
 */
const call = (module: string, name: string, ...args: Parameters<typeof py.tuple>) => dumps(py.reduce(py.global(module, name), py.tuple(...args)), 2);

export function pickleCases(): RedTeamCase[] {
  const hostile = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'pickle', file: `${name}.pkl`, bytes, expect: 'dangerous', how });
  return [
    hostile('py2-dumbdbm-open', call('dumbdbm', 'open', '/tmp/rampart-red-team', 'c'), 'dbm.dumb.open creates files (and evals its index)'),
    hostile('py2-simplehttpserver-test', call('SimpleHTTPServer', 'test'), 'http.server.test serves the working directory'),
    hostile('py2-socketserver-tcpserver', call('SocketServer', 'TCPServer', py.tuple('0.0.0.0', 8000), py.global('SocketServer', 'BaseRequestHandler')), 'socketserver.TCPServer binds a port'),
    hostile('py2-xmlrpclib-serverproxy', call('xmlrpclib', 'ServerProxy', 'http://attacker.example/'), 'xmlrpc.client.ServerProxy reaches the network'),
    hostile('shelve-open', call('shelve', 'open', '/tmp/rampart-red-team'), 'shelve.open imports the dbm module the file names'),
    hostile('zipapp-create-archive', call('zipapp', 'create_archive', '/tmp', '/tmp/rampart-red-team.pyz'), 'zipapp.create_archive writes a file'),
    hostile('py2-commands-text-protocol', new Ops().global('commands', 'getoutput').mark().string0(MARKER).tuple().reduce().stop().bytes(), 'commands is subprocess to a protocol-0 unpickler'),
    {
      name: 'py2-names-honest',
      kind: 'pickle',
      file: 'py2-names-honest.pkl',
      bytes: dumps(py.dict({ when: py.reduce(py.global('datetime', 'date'), py.tuple(Uint8Array.of(7, 233, 1, 1))), items: py.reduce(py.global('__builtin__', 'set'), py.tuple([py.tuple(1, 2)])), n: py.reduce(py.global('copy_reg', '_reconstructor'), py.tuple(py.global('collections', 'OrderedDict'), py.global('__builtin__', 'dict'), py.dict({}))) }), 2),
      expect: 'clean',
      how: 'what Python 2 pickled for a date, a set and an OrderedDict',
    },
  ];
}
