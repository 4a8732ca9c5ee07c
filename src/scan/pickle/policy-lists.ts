/**
 * The data behind the pickle policy. Allow lists are exact `module.name`s (after normalisation) that real
 * frameworks emit; the deny list is tiered by what a global gives an attacker. Sources: the research notes
 * (picklescan, modelscan, fickling, ModelAudit deny lists and their bypasses).
 */

const torchDtypes = [
  'float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'uint16', 'uint32',
  'uint64', 'bool', 'complex32', 'complex64', 'complex128', 'float8_e4m3fn', 'float8_e5m2', 'float8_e4m3fnuz',
  'float8_e5m2fnuz', 'qint8', 'quint8', 'qint32', 'quint4x2', 'quint2x4', 'half', 'float', 'double', 'long',
  'int', 'short', 'cfloat', 'cdouble',
];
const torchStorages = [
  'Float', 'Double', 'Half', 'BFloat16', 'Long', 'Int', 'Short', 'Char', 'Byte', 'Bool', 'ComplexFloat',
  'ComplexDouble', 'QInt8', 'QUInt8', 'QInt32', 'QUInt4x2', 'QUInt2x4',
].map((t) => `${t}Storage`);
const torchRebuild = [
  '_rebuild_tensor', '_rebuild_tensor_v2', '_rebuild_tensor_v3', '_rebuild_parameter', '_rebuild_parameter_with_state',
  '_rebuild_sparse_tensor', '_rebuild_sparse_csr_tensor', '_rebuild_nested_tensor', '_rebuild_qtensor',
  '_rebuild_device_tensor_from_numpy', '_rebuild_meta_tensor_no_storage', '_rebuild_wrapper_subclass',
  '_rebuild_xla_tensor', '_rebuild_mps_tensor', '_rebuild_device_tensor_from_cpu_tensor',
];
const torchEnums = [
  'strided', 'sparse_coo', 'sparse_csr', 'sparse_csc', 'sparse_bsr', 'sparse_bsc', '_mkldnn', 'contiguous_format', 'channels_last',
  'channels_last_3d', 'preserve_format', 'per_tensor_affine', 'per_channel_affine', 'per_tensor_symmetric', 'per_channel_symmetric',
  'per_channel_affine_float_qparams',
];

/** Allowed globals that are values, not callables (dtypes, layouts, memory formats): data wherever they appear. */
export const allowedValues: ReadonlySet<string> = new Set([...torchDtypes, ...torchEnums].map((n) => `torch.${n}`));

/** Framework prefixes whose classes legitimately take text (pandas dtypes and offsets: `PeriodDtype("period[D]")`). */
export const frameworkTextExempt: readonly string[] = ['pandas.core.dtypes.', 'pandas._libs.tslibs.', 'pandas.core.arrays.'];

const numpyScalars = [
  'float16', 'float32', 'float64', 'longdouble', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32',
  'uint64', 'bool_', 'complex64', 'complex128', 'str_', 'bytes_', 'void', 'datetime64', 'timedelta64', 'intc', 'uintc',
];

export const allowExact: ReadonlyMap<string, string> = new Map<string, string>([
  ...['OrderedDict', 'defaultdict', 'Counter', 'deque'].map((n) => [`collections.${n}`, 'collections'] as const),
  ...['set', 'frozenset', 'dict', 'list', 'tuple', 'bytes', 'bytearray', 'complex', 'slice', 'range', 'object', 'int', 'float', 'str', 'bool'].map((n) => [`builtins.${n}`, 'builtins'] as const),
  ...['_reconstructor', '__newobj__', '__newobj_ex__'].map((n) => [`copyreg.${n}`, 'copyreg'] as const),
  ['_codecs.encode', 'codecs'], ['codecs.encode', 'codecs'],
  ...['datetime', 'date', 'time', 'timedelta', 'timezone'].map((n) => [`datetime.${n}`, 'datetime'] as const),
  ['decimal.Decimal', 'stdlib'], ['fractions.Fraction', 'stdlib'], ['uuid.UUID', 'stdlib'], ['re._compile', 'stdlib'],
  ['argparse.Namespace', 'stdlib'], ['types.SimpleNamespace', 'stdlib'],
  ...['PosixPath', 'WindowsPath', 'PurePosixPath', 'PureWindowsPath', 'Path'].map((n) => [`pathlib.${n}`, 'stdlib'] as const),
  ...torchRebuild.map((n) => [`torch._utils.${n}`, 'pytorch'] as const),
  ['torch._tensor._rebuild_from_type', 'pytorch'], ['torch._tensor._rebuild_from_type_v2', 'pytorch'],
  ...torchStorages.map((n) => [`torch.${n}`, 'pytorch'] as const),
  ...torchStorages.map((n) => [`torch.cuda.${n}`, 'pytorch'] as const),
  ['torch.storage.TypedStorage', 'pytorch'], ['torch.storage.UntypedStorage', 'pytorch'], ['torch.storage._TypedStorage', 'pytorch'],
  ['torch.UntypedStorage', 'pytorch'], ['torch.TypedStorage', 'pytorch'],
  ...torchDtypes.map((n) => [`torch.${n}`, 'pytorch'] as const),
  ...[...torchEnums, 'Size', 'device', 'Tensor', 'Generator'].map((n) => [`torch.${n}`, 'pytorch'] as const),
  ['torch.serialization._get_layout', 'pytorch'], ['torch.nn.parameter.Parameter', 'pytorch'], ['torch.nn.parameter.Buffer', 'pytorch'],
  ['torch.nn.parameter.UninitializedParameter', 'pytorch'], ['torch.utils.hooks.RemovableHandle', 'pytorch'], ['torch.torch_version.TorchVersion', 'pytorch'],
  ...['build_intlist', 'build_tensorlist', 'build_doublelist', 'build_boollist', 'build_tensor_from_id', 'restore_type_tag'].map((n) => [`torch.jit._pickle.${n}`, 'torchscript'] as const),
  ...['numpy.core', 'numpy._core'].flatMap((m) => [
    [`${m}.multiarray._reconstruct`, 'numpy'] as const, [`${m}.multiarray.scalar`, 'numpy'] as const, [`${m}.numeric._frombuffer`, 'numpy'] as const,
  ]),
  ['numpy.ndarray', 'numpy'], ['numpy.dtype', 'numpy'], ['numpy.ma.core._mareconstruct', 'numpy'], ['numpy.ma.core.MaskedArray', 'numpy'],
  ['numpy.matrixlib.defmatrix.matrix', 'numpy'],
  // numpy 2 pickles these classes under their public names.
  ['numpy.ma.MaskedArray', 'numpy'], ['numpy.matrix', 'numpy'], ['numpy.rec.recarray', 'numpy'], ['numpy.recarray', 'numpy'], ['numpy.record', 'numpy'],
  ...['__randomstate_ctor', '__bit_generator_ctor', '__generator_ctor'].map((n) => [`numpy.random._pickle.${n}`, 'numpy'] as const),
  ...['mtrand.RandomState', '_mt19937.MT19937', '_pcg64.PCG64', '_pcg64.PCG64DXSM', '_philox.Philox', '_sfc64.SFC64', '_generator.Generator', 'bit_generator.SeedSequence'].map((n) => [`numpy.random.${n}`, 'numpy'] as const),
  ...numpyScalars.map((n) => [`numpy.${n}`, 'numpy'] as const),
  ['joblib.numpy_pickle.NumpyArrayWrapper', 'joblib'], ['joblib.numpy_pickle.NDArrayWrapper', 'joblib'],
  ['sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper', 'joblib'],
  ...['neighbors._ball_tree', 'neighbors._kd_tree', 'neighbors._binary_tree', 'metrics._dist_metrics'].map((m) => [`sklearn.${m}.newObj`, 'scikit-learn'] as const),
  ...['csr', 'csc', 'coo', 'bsr', 'dia', 'dok', 'lil'].flatMap((f) => [`${f}_matrix`, `${f}_array`].map((n) => [`scipy.sparse._${f}.${n}`, 'scipy'] as const)),
  ['pandas.core.indexes.base._new_Index', 'pandas'], ['pandas._libs.internals._unpickle_block', 'pandas'],
  ['pandas.core.internals.blocks.new_block', 'pandas'], ['pandas._libs.tslibs.timestamps._unpickle_timestamp', 'pandas'],
  ['pandas._libs.tslibs.timedeltas._timedelta_unpickle', 'pandas'],
  ['pandas.StringDtype', 'pandas'], ['pandas.CategoricalDtype', 'pandas'], ['pandas.DatetimeTZDtype', 'pandas'],
]);

/**
 * Under these prefixes a class (CapitalisedName, or _CapitalisedName for a private one) or a Cython `__pyx_unpickle_*` reconstructor is safe to
 * load: constructing a framework estimator only stores its parameters. Functions stay unknown.
 */
export const frameworkClassPrefixes: readonly (readonly [string, string])[] = [
  ['sklearn.', 'scikit-learn'],
  ['xgboost.', 'xgboost'],
  ['lightgbm.', 'lightgbm'],
  ['catboost.', 'catboost'],
  ['torch.nn.', 'pytorch'],
  ['torch.optim.', 'pytorch'],
  ['torch.ao.nn.', 'pytorch'],
  ['scipy.sparse.', 'scipy'],
  ['scipy.interpolate.', 'scipy'], // BSpline (HistGradientBoosting, SplineTransformer)
  ['scipy.stats.', 'scipy'],
  ['numpy.random.', 'numpy'], // bit generators and their Cython reconstructors
  ['numpy.dtypes.', 'numpy'],
  ['pandas.core.', 'pandas'],
  ['pandas._libs.', 'pandas'], // __pyx_unpickle_NDArrayBacked (DataFrame.to_pickle)
  ['pandas.arrays.', 'pandas'], // StringArray, DatetimeArray
  ['__torch__.', 'torchscript'],
];

/**
 * Under these prefixes a class is safe only when it is made with NEWOBJ (`cls.__new__`, which is what
 * pickling an instance writes): its `__init__` may do I/O (pandas readers, transformers backbones that
 * download weights, tokenizers that read files), so a REDUCE of the class, or copyreg._reconstructor
 * with it as the base, is judged as an unknown call.
 */
export const newObjectOnlyPrefixes: readonly (readonly [string, string])[] = [
  ['pandas.', 'pandas'], // DataFrame, Series, StringDtype at the top level (pandas.io and readers stay denied)
  ['transformers.', 'transformers'], // torch.save(model) of a transformers model
];

/** Modules whose plain functions may be stored (never called) in a pickle: estimator parameters. */
export const frameworkFunctionPrefixes: readonly string[] = ['sklearn.', 'scipy.', 'numpy.', 'torch.nn.functional.'];

export type DenyTier = 'critical' | 'high' | 'medium';

/** Module prefixes (a module and its submodules). `critical`/`high` are dangerous, `medium` suspicious. */
export const denyModules: ReadonlyMap<string, readonly [DenyTier, string]> = new Map<string, readonly [DenyTier, string]>([
  ...['os', 'posix', 'nt', '_posixsubprocess', 'subprocess', 'pty', 'runpy', 'code', 'codeop', 'commands', 'popen2', 'sys', 'ctypes', '_ctypes', 'marshal', 'pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle', 'importlib', 'imp', 'zipimport', 'pip', 'ensurepip', 'venv', 'setuptools', 'distutils', 'compileall', 'py_compile', 'bdb', 'pdb', 'trace', 'profile', 'cProfile', 'timeit', 'idlelib', 'lib2to3', 'test', '_osx_support', '_aix_support', '_pyrepl', 'site', 'numpy.f2py', 'numpy.distutils', 'numpy.testing', 'numpy.ctypeslib', 'torch.utils.collect_env', 'torch._inductor', 'torch._dynamo', 'torch.utils.cpp_extension', 'torch.testing', 'torch.distributed', 'torch.hub', 'torch.package', 'torch.jit', 'torch.fx', 'torch._export', 'torch.export', 'torch.multiprocessing', 'torch.utils._config_module', 'types', 'inspect', 'asyncio', 'multiprocessing', 'concurrent', 'threading', '_thread', 'signal', 'joblib', 'platform', 'multiprocess'].map((m) => [m, ['critical', 'code execution']] as const),
  // Third-party loaders: hydra instantiates any `_target_` it is given; mlflow's `load_model` of every flavour unpickles or
  // cloudpickles, and its artifact calls download.
  ...['hydra', 'mlflow'].map((m) => [m, ['critical', 'code execution']] as const),
  // GitPython runs git (`Repo.clone_from` with `ext::` URLs or `--upload-pack` runs commands); ruamel.yaml's `load`
  // constructs Python objects by tag; Tcl's `exec` runs programs, and `tkinter.Tk` execs `~/.<className>.py`.
  ...['git', 'ruamel.yaml', 'tkinter', '_tkinter'].map((m) => [m, ['critical', 'code execution']] as const),
  // Modules that run code handed to them — pagers and debuggers that spawn or exec, call engines, evaluators of
  // expressions — and the torch internals that import dotted names or load native libraries. Any callable
  // importable from them is dangerous, listed or not (issue 9).
  ...['pydoc', 'doctest', 'cgitb', 'pkgutil', 'modulefinder', 'rlcompleter', 'mailcap', 'operator', 'functools', 'copyreg', 'copy', 'weakref', 'gc', 'sympy', 'numexpr', 'pandas.core.computation', 'jinja2', 'mako', 'yaml', 'jsonpickle', 'IPython', 'torch._C', 'torch._ops', 'torch._classes', 'torch.ops', 'torch.classes', 'torch.library', 'torch.serialization', 'torch.storage', 'torch.utils.model_zoo', 'torch.utils.checkpoint', 'torch.compiler', 'torch.onnx', 'scipy._lib', 'sklearn.utils.parallel', 'sklearn.utils.fixes', 'sklearn.utils._joblib'].map((m) => [m, ['critical', 'code execution']] as const),
  ...['socket', '_socket', 'ssl', 'webbrowser', 'urllib', 'urllib2', 'http', 'httplib', 'requests', 'aiohttp', 'smtplib', 'ftplib', 'telnetlib', 'imaplib', 'poplib', 'nntplib', 'xmlrpc', 'socketserver', 'uuid', 'mlflow.projects', 'pandas.io', 'huggingface_hub'].map((m) => [m, ['high', 'network']] as const),
  ...['shutil', 'io', '_io', 'tempfile', 'tarfile', 'zipfile', 'gzip', 'bz2', 'lzma', 'sqlite3', 'glob', 'fileinput', 'linecache', 'logging', 'mmap', 'sklearn.datasets', 'sklearn.utils._testing', 'mailbox'].map((m) => [m, ['high', 'file system']] as const),
  ['pandas.api.typing', ['high', 'file system']],
  ...['numpy.lib._npyio_impl', 'numpy.lib.npyio', 'numpy.lib._datasource'].map((m) => [m, ['high', 'file system']] as const), // savetxt, load, DataSource.open under their real modules
  ['sklearn.externals.joblib', ['critical', 'code execution']], // old sklearn's vendored joblib.load // re-exports the pandas.io readers (JsonReader fetches URLs)
  ...['ast', 'dis'].map((m) => [m, ['medium', 'introspection']] as const),
]);

/** Exact globals outside the modules above. */
export const denyExact: ReadonlyMap<string, readonly [DenyTier, string]> = new Map<string, readonly [DenyTier, string]>([
  ...['eval', 'exec', 'execfile', 'compile', 'open', 'breakpoint', 'input', 'help', 'setattr', 'delattr', 'globals', 'locals', 'vars', 'memoryview', 'type', 'super', 'classmethod', 'staticmethod', 'property', 'apply', 'reload', 'file'].map((n) => [`builtins.${n}`, ['critical', 'code execution']] as const),
  ...['load', 'loads', 'save', 'fromfile', 'tofile', 'loadtxt', 'genfromtxt', 'savetxt', 'memmap', 'DataSource'].map((n) => [`numpy.${n}`, ['high', 'file system']] as const),
  ...['load', 'save', 'serialization.load', 'serialization.save', 'classes.load_library', 'ops.load_library'].map((n) => [`torch.${n}`, ['critical', 'code execution']] as const),
  ['codecs.open', ['high', 'file system']], ['pandas.read_csv', ['high', 'file system']], ['pandas.read_pickle', ['critical', 'code execution']],
  ['numpy.lib.npyio.load', ['high', 'file system']],
  // pandas' top-level readers open paths and URLs (fsspec), `read_clipboard` runs xclip; `to_pickle` writes.
  ...['read_parquet', 'read_json', 'read_html', 'read_xml', 'read_excel', 'read_feather', 'read_hdf', 'read_fwf', 'read_table', 'read_sql', 'read_sql_query', 'read_sql_table', 'read_stata', 'read_sas', 'read_spss', 'read_orc', 'read_clipboard', 'read_gbq', 'to_pickle'].map((n) => [`pandas.${n}`, ['high', 'file system']] as const),
  // Files written by SciPy's savers; `transformers.pipeline` downloads a repository and loads its weights (and code).
  ...['savemat', 'loadmat', 'mmwrite', 'wavfile.write', 'matlab.savemat', 'matlab.loadmat'].map((n) => [`scipy.io.${n}`, ['high', 'file system']] as const),
  ...['transformers.pipeline', 'transformers.pipelines.pipeline'].map((n) => [n, ['critical', 'code execution']] as const),
  ...['HDFStore', 'ExcelWriter', 'ExcelFile'].map((n) => [`pandas.${n}`, ['high', 'file system']] as const), ['keras.models.load_model', ['critical', 'code execution']],
  ...['pandas.eval', 'pandas.DataFrame.query', 'pandas.core.frame.DataFrame.query', 'torch._utils._import_dotted_name', 'torch.load_library'].map((n) => [n, ['critical', 'code execution']] as const),
]);

/**
 * Methods that write, delete, link or map files, by the module of the class they are looked up on: protocol
 * 4 `find_class` walks a dotted name (`numpy` + `ndarray.tofile`), so an allowed class's unbound method is
 * one global away, and its first argument is an instance the pickle built.
 */
export const fileMethods: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['pathlib', new Set(['touch', 'mkdir', 'rmdir', 'unlink', 'rename', 'replace', 'symlink_to', 'hardlink_to', 'link_to', 'chmod', 'lchmod', 'write_text', 'write_bytes', 'open'])],
  ['numpy', new Set(['tofile', 'dump'])],
  ['pandas', new Set(['to_csv', 'to_pickle', 'to_parquet', 'to_json', 'to_excel', 'to_hdf', 'to_feather', 'to_sql', 'to_stata', 'to_html', 'to_latex', 'to_markdown', 'to_xml', 'to_clipboard', 'to_orc'])],
  ['torch', new Set(['from_file'])],
]);

/** Names modules are commonly imported under (`import numpy as np`), as attributes of another module. */
export const moduleNicknames: ReadonlyMap<string, string> = new Map([['np', 'numpy'], ['pd', 'pandas'], ['pkl', 'pickle'], ['cp', 'cloudpickle']]);

/** A path component equal to one of these (after the first) points into a dangerous module via an alias. */
export const dangerousComponents: ReadonlySet<string> = new Set([
  'os', 'posix', 'nt', 'subprocess', 'sys', 'builtins', '__builtin__', '__builtins__', 'socket', 'pty', 'runpy', 'shutil',
  'ctypes', 'importlib', 'pickle', 'marshal', 'system', 'popen', 'Popen', 'eval', 'exec', 'execfile', 'compile', '__import__',
  'spawnl', 'spawnv', 'spawnve', 'spawnlp', 'execl', 'execv', 'execve', 'execvp', 'check_output', 'check_call', 'getoutput',
  '__globals__', '__code__', '__class__', '__subclasses__', '__getattribute__', '__dict__', '__reduce__', '__reduce_ex__',
  '__bases__', '__mro__', '__init__', '__loader__', '__spec__', 'func_globals', 'f_globals', 'gi_frame',
  // Names that run code whatever module re-exports them: sympy's string evaluators, joblib's call engine,
  // torch's library loaders and dotted-name importers, pydoc's pagers, doctest's debuggers.
  'sympify', 'parse_expr', 'lambdify', 'Matrix', 'ImmutableMatrix', 'MutableDenseMatrix', 'Parallel', 'delayed', 'load_library',
  '_import_dotted_name', 'pipepager', 'tempfilepager', 'pager', 'debug_script', 'debug_src', 'run_docstring_examples', 'methodcaller',
  // Hub loaders, whatever library re-exports them: they download a repository's files and load them (its pickles, and
  // its Python with trust_remote_code); Lightning's load_from_checkpoint torch.loads a path.
  'from_pretrained', 'from_single_file', 'hf_hub_download', 'snapshot_download', 'load_from_checkpoint',
  // Hugging Face `datasets` downloads a dataset repository (and, before 3.0, runs its loading script).
  'load_dataset', 'load_dataset_builder',
]);

/** Calling these resolves another callable from constants: the scanner follows them. */
export const resolvers: ReadonlySet<string> = new Set([
  'builtins.getattr', 'builtins.__import__', 'importlib.import_module', 'importlib.__import__', 'pkgutil.resolve_name',
  'pydoc.locate', 'operator.attrgetter', 'operator.methodcaller', 'operator.itemgetter', 'functools.partial',
  'functools.reduce', 'inspect.getattr_static', 'builtins.map', 'builtins.filter', 'importlib.util.find_spec',
]);

/** Calling these deserialises their argument: the argument is scanned as a nested file. */
export const nestedLoaders: ReadonlyMap<string, 'pickle' | 'any'> = new Map([
  ['pickle.loads', 'pickle'], ['pickle._loads', 'pickle'], ['dill.loads', 'pickle'], ['cloudpickle.loads', 'pickle'],
  ['torch.storage._load_from_bytes', 'any'], ['joblib.loads', 'pickle'], ['numpy.loads', 'pickle'], ['marshal.loads', 'any'],
] as const);

/** Pure functions evaluated on constants so encoded nested payloads can be decoded and scanned. */
export const decoders: ReadonlySet<string> = new Set([
  'base64.b64decode', 'base64.standard_b64decode', 'base64.urlsafe_b64decode', 'base64.b16decode', 'base64.decodebytes',
  'binascii.unhexlify', 'binascii.a2b_hex', 'binascii.a2b_base64', 'bytes.fromhex', 'codecs.decode', '_codecs.encode',
  'codecs.encode', 'zlib.decompress',
]);

/**
 * CPython's `_compat_pickle.NAME_MAPPING` (Python 2 names, mapped when protocols 0–2 are loaded), after the
 * module aliases above: `__builtin__.reduce` is `functools.reduce`, `itertools.imap` is `map`. Applied at
 * every protocol: from 3 on CPython refuses these names, so the mapping never names less than a load reaches.
 */
export const nameAliases: ReadonlyMap<string, string> = new Map([
  ['builtins.xrange', 'builtins.range'], ['builtins.reduce', 'functools.reduce'], ['builtins.intern', 'sys.intern'], ['builtins.unichr', 'builtins.chr'],
  ['builtins.unicode', 'builtins.str'], ['builtins.long', 'builtins.int'], ['builtins.basestring', 'builtins.str'], ['builtins.StandardError', 'builtins.Exception'],
  ['itertools.izip', 'builtins.zip'], ['itertools.imap', 'builtins.map'], ['itertools.ifilter', 'builtins.filter'], ['itertools.ifilterfalse', 'itertools.filterfalse'],
  ['itertools.izip_longest', 'itertools.zip_longest'], ['collections.IterableUserDict', 'collections.UserDict'], ['whichdb.whichdb', 'dbm.whichdb'],
  ['_multiprocessing.Connection', 'multiprocessing.connection.Connection'], ['multiprocessing.forking.Popen', 'multiprocessing.popen_fork.Popen'],
  ['urllib.urlopen', 'urllib.request.urlopen'], ['urllib.urlretrieve', 'urllib.request.urlretrieve'],
]);

export const moduleAliases: ReadonlyMap<string, string> = new Map([
  ['__builtin__', 'builtins'], ['exceptions', 'builtins'], ['_operator', 'operator'], ['_functools', 'functools'],
  ['copy_reg', 'copyreg'], ['_collections', 'collections'], ['UserDict', 'collections'], ['cPickle', 'pickle'],
  ['_pickle', 'pickle'], ['_io', 'io'], ['posixpath', 'os.path'], ['ntpath', 'os.path'], ['_codecs', '_codecs'],
  ['_socket', 'socket'], ['_posixsubprocess', 'subprocess'], ['numpy._core', 'numpy.core'], ['_thread', 'threading'],
  // The rest of CPython's `_compat_pickle.IMPORT_MAPPING`, which the unpickler applies to protocol 0–2 names
  // (`dumbdbm.open` is `dbm.dumb.open`). Its `dbm` → `dbm.ndbm` is left out: `dbm` is also a Python 3 module.
  ['Queue', 'queue'], ['SocketServer', 'socketserver'], ['ConfigParser', 'configparser'], ['repr', 'reprlib'], ['tkFileDialog', 'tkinter.filedialog'],
  ['tkSimpleDialog', 'tkinter.simpledialog'], ['tkColorChooser', 'tkinter.colorchooser'], ['tkCommonDialog', 'tkinter.commondialog'], ['Dialog', 'tkinter.dialog'],
  ['Tkdnd', 'tkinter.dnd'], ['tkFont', 'tkinter.font'], ['tkMessageBox', 'tkinter.messagebox'], ['ScrolledText', 'tkinter.scrolledtext'], ['Tkconstants', 'tkinter.constants'],
  ['Tix', 'tkinter.tix'], ['ttk', 'tkinter.ttk'], ['Tkinter', 'tkinter'], ['markupbase', '_markupbase'], ['_winreg', 'winreg'], ['thread', '_thread'],
  ['dummy_thread', '_dummy_thread'], ['dbhash', 'dbm.bsd'], ['dumbdbm', 'dbm.dumb'], ['gdbm', 'dbm.gnu'], ['xmlrpclib', 'xmlrpc.client'],
  ['SimpleXMLRPCServer', 'xmlrpc.server'], ['httplib', 'http.client'], ['htmlentitydefs', 'html.entities'], ['HTMLParser', 'html.parser'], ['Cookie', 'http.cookies'],
  ['cookielib', 'http.cookiejar'], ['BaseHTTPServer', 'http.server'], ['test.test_support', 'test.support'], ['commands', 'subprocess'], ['urlparse', 'urllib.parse'],
  ['robotparser', 'urllib.robotparser'], ['urllib2', 'urllib.request'], ['anydbm', 'dbm'], ['_abcoll', 'collections.abc'], ['_elementtree', 'xml.etree.ElementTree'],
  ['FileDialog', 'tkinter.filedialog'], ['SimpleDialog', 'tkinter.simpledialog'], ['DocXMLRPCServer', 'xmlrpc.server'], ['SimpleHTTPServer', 'http.server'],
  ['CGIHTTPServer', 'http.server'], ['UserList', 'collections'], ['UserString', 'collections'], ['whichdb', 'dbm'], ['StringIO', 'io'], ['cStringIO', 'io'],
]);
