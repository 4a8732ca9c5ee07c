import { tarOf, paxEntry, type TarEntry } from '../adversarial/tar-writer.ts';
import { MARKER, type RedTeamCase } from '../red-team/types.ts';

/**
 * GNU sparse members in PAX form, which Python's tarfile rebuilds on extraction (`_proc_gnusparse_00`,
 * `_01`, `_10`): version 0.0 lists `GNU.sparse.offset`/`numbytes` records, 0.1 one `GNU.sparse.map`, and 1.0
 * puts the map in decimal lines at the start of the member's data. The file here is a pickle whose first
 * chunk opens a BINBYTES8 over the hole, and whose second chunk, 4 KB in, holds the call: the stored bytes
 * alone are a broken pickle (or, for 1.0, a text map); only the rebuilt file runs. Checked with tarfile:
 * `pickle.load(tar.extractfile(m))` is the rebuilt file.
 */
const enc = new TextEncoder();
const HOLE_END = 4096;

function chunks(body: string): [Uint8Array, Uint8Array] {
  const head = Buffer.alloc(11);
  head.set([0x80, 0x04, 0x8e]);
  head.writeBigUInt64LE(BigInt(HOLE_END - 11), 3);
  return [head, enc.encode(`0${body}`)];
}
const evil = `cos\nsystem\n(S'${MARKER}'\ntR.`;
const honest = "(dp0\nS'name'\np1\nS'tiny'\np2\ns.";

function sparseTar(version: '0.0' | '0.1' | '1.0', body: string): Uint8Array {
  const [a, b] = chunks(body);
  const map: [number, number][] = [[0, a.length], [HOLE_END, b.length]];
  const realSize = HOLE_END + b.length;
  const stored = Buffer.concat([a, b]);
  let records: [string, string][];
  let data: Uint8Array = stored;
  if (version === '0.0') {
    records = [['GNU.sparse.size', `${realSize}`], ['GNU.sparse.numblocks', '2'], ...map.flatMap(([o, n]): [string, string][] => [['GNU.sparse.offset', `${o}`], ['GNU.sparse.numbytes', `${n}`]])];
  } else if (version === '0.1') {
    records = [['GNU.sparse.size', `${realSize}`], ['GNU.sparse.numblocks', '2'], ['GNU.sparse.map', map.flat().join(',')], ['GNU.sparse.name', 'model.pkl']];
  } else {
    records = [['GNU.sparse.major', '1'], ['GNU.sparse.minor', '0'], ['GNU.sparse.name', 'model.pkl'], ['GNU.sparse.realsize', `${realSize}`]];
    const text = Buffer.alloc(512);
    text.write(`${map.length}\n${map.flat().join('\n')}\n`, 'latin1');
    data = Buffer.concat([text, stored]);
  }
  const member: TarEntry = { name: version === '0.0' ? 'model.pkl' : './GNUSparseFile.0/model.pkl', data };
  return tarOf([paxEntry(records), member]);
}

export function tarCases(): RedTeamCase[] {
  return (['0.0', '0.1', '1.0'] as const).flatMap((v): RedTeamCase[] => [
    { name: `pax-sparse-${v}-payload`, kind: 'tar', file: `sparse-${v}.tar`, bytes: sparseTar(v, evil), expect: 'dangerous', how: `GNU sparse ${v}: tarfile rebuilds the holes, and the rebuilt pickle calls os.system` },
    { name: `pax-sparse-${v}-honest`, kind: 'tar', file: `sparse-${v}-honest.tar`, bytes: sparseTar(v, honest), expect: 'clean', how: `GNU sparse ${v} holding an honest pickle` },
  ]);
}
