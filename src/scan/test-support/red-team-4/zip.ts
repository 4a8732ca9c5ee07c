import { dumps, py } from '../pickle-writer.ts';
import { torchZip } from '../shapes.ts';
import { zip } from '../zip-writer.ts';
import { MARKER, type RedTeamCase } from '../red-team/types.ts';

/**
 * Two end-of-central-directory records. Python's `zipfile` takes the last signature in the file's last
 * 64 KB (`rfind`), torch's miniz the last one with 22 bytes after it — neither checks that the record's
 * comment fits. A record hidden at the end of another record's comment, with a comment length running past
 * the end, is what they read; a reader that takes the last record whose comment fits reads the outer one.
 */
const evilPickle = dumps(py.reduce(py.global('os', 'system'), py.tuple(MARKER)), 2);
const stateDict = dumps(py.dict({ 'fc.bias': py.float(0.5) }), 2);

/** `outer` as written, then in its comment `inner` rebased after it and an end record pointing at `inner`'s directory. */
function hiddenEndRecord(outer: Uint8Array, inner: Uint8Array, commentLength = 0xffff): Uint8Array {
  const o = Buffer.from(outer);
  const i = Buffer.from(inner);
  const body = o.subarray(0, o.length - 22);
  const base = o.length; // the inner archive starts where the outer record's comment starts
  const cdSize = i.readUInt32LE(i.length - 22 + 12);
  const cdOffset = i.readUInt32LE(i.length - 22 + 16);
  const cd = Buffer.from(i.subarray(cdOffset, cdOffset + cdSize));
  for (let p = 0; p + 46 <= cd.length; p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32)) {
    cd.writeUInt32LE(cd.readUInt32LE(p + 42) + base, p + 42);
  }
  const end = Buffer.from(i.subarray(i.length - 22));
  end.writeUInt32LE(base + cdOffset, 16);
  end.writeUInt16LE(commentLength, 20);
  const comment = Buffer.concat([i.subarray(0, cdOffset), cd, end]);
  const record = Buffer.from(o.subarray(o.length - 22));
  record.writeUInt16LE(comment.length, 20);
  return Buffer.concat([body, record, comment]);
}

const kerasArchive = (layers: object[]): Uint8Array => zip([
  { name: 'metadata.json', data: Buffer.from(JSON.stringify({ keras_version: '3.5.0', date_saved: '2025-01-01@00:00:00' })) },
  { name: 'config.json', data: Buffer.from(JSON.stringify({ module: 'keras', class_name: 'Sequential', config: { name: 'sequential', layers }, registered_name: null })) },
  { name: 'model.weights.h5', data: new Uint8Array(0) },
]);
const dense = { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'relu' }, registered_name: null };
const osSystem = { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 2, activation: { module: 'os', class_name: 'function', config: 'system', registered_name: null } }, registered_name: null };

export function zipCases(): RedTeamCase[] {
  return [
    {
      name: 'torch-end-record-in-comment', kind: 'zip', file: 'model.pt', expect: 'dangerous',
      bytes: hiddenEndRecord(torchZip(stateDict, []), torchZip(evilPickle, [])),
      how: 'torch.load and zipfile read the archive/data.pkl of the record hidden in the comment (checked with zipfile and unzip)',
    },
    {
      name: 'keras-end-record-in-comment', kind: 'zip', file: 'model.keras', expect: 'dangerous',
      bytes: hiddenEndRecord(kerasArchive([dense]), kerasArchive([osSystem]), 0x8000),
      how: "Keras' zipfile reads the hidden config.json: os.system as an activation",
    },
    {
      name: 'pickle-then-zip-loose-end-record', kind: 'zip', file: 'model.keras', expect: 'dangerous',
      bytes: (() => {
        const archive = Buffer.from(zip([{ name: 'config.json', data: Buffer.from(JSON.stringify({ module: 'keras', class_name: 'Sequential', config: { name: 's', layers: [osSystem] } })) }]));
        archive.writeUInt16LE(0x100, archive.length - 2); // comment length past the end: zipfile.is_zipfile still says yes
        return Buffer.concat([stateDict, archive]); // zipfile finds the prepended bytes from the record's position
      })(),
      how: 'a pickle in front of a ZIP whose end record claims a comment that is not there: zipfile opens it (Keras checks is_zipfile), a reader that wants the comment to end the file sees only a pickle',
    },
    {
      name: 'torch-zip-with-comment', kind: 'zip', file: 'model.pt', expect: 'clean',
      bytes: zip([{ name: 'archive/data.pkl', data: stateDict }, { name: 'archive/version', data: Buffer.from('3\n') }], { comment: 'exported by train.py, run 42' }),
      how: 'an honest checkpoint with an archive comment',
    },
  ];
}
