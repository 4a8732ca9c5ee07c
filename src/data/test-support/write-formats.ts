import { writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';

/** A labelled table for fixtures: numeric features and one label column. */
export interface Table {
  features: Float64Array[];
  labels: (number | string)[];
  /** Feature column names; `f0…` when omitted. */
  names?: string[];
  labelName?: string;
}

const namesOf = (t: Table): string[] => t.names ?? Array.from({ length: t.features[0]?.length ?? 0 }, (_, i) => `f${i}`);

export function writeCsv(path: string, t: Table, header = true): void {
  const lines = header ? [[...namesOf(t), t.labelName ?? 'label'].join(',')] : [];
  t.features.forEach((row, i) => lines.push(`${Array.from(row).join(',')},${String(t.labels[i])}`));
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** JSON Lines with the features as one array, `{"x": [...], "label": …}`. */
export function writeJsonl(path: string, t: Table): void {
  writeFileSync(path, t.features.map((row, i) => JSON.stringify({ x: Array.from(row), [t.labelName ?? 'label']: t.labels[i] })).join('\n') + '\n');
}

export function writeParquet(path: string, t: Table, rowGroupSize = 1000): void {
  const names = namesOf(t);
  const columnData = [
    ...names.map((name, c) => ({ name, data: t.features.map((row) => row[c] as number), type: 'DOUBLE' as const })),
    typeof t.labels[0] === 'string'
      ? { name: t.labelName ?? 'label', data: t.labels.map(String), type: 'STRING' as const }
      : { name: t.labelName ?? 'label', data: t.labels.map(Number), type: 'INT32' as const },
  ];
  writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize })));
}

/** A .npy array (C order, little-endian `<f8`, `<f4` or `<i8`). */
export function npyBytes(values: ArrayLike<number>, shape: number[], descr: '<f8' | '<f4' | '<i8' = '<f8'): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const data = descr === '<f8' ? new Float64Array(values) : descr === '<f4' ? new Float32Array(values) : BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer), 10 + header.length);
  return out;
}

/** An .npz with `x` (rows × features, float64) and `y` (int64 labels), deflated as np.savez_compressed does. */
export function writeNpz(path: string, t: Table): void {
  const d = t.features[0]?.length ?? 0;
  const flat = new Float64Array(t.features.length * d);
  t.features.forEach((row, i) => flat.set(row, i * d));
  writeFileSync(path, zipSync({ 'x.npy': npyBytes(flat, [t.features.length, d]), 'y.npy': npyBytes(t.labels.map(Number), [t.labels.length], '<i8') }));
}

export function writeNpy(path: string, t: Table): void {
  const d = t.features[0]?.length ?? 0;
  const flat = new Float64Array(t.features.length * (d + 1));
  t.features.forEach((row, i) => {
    flat.set(row, i * (d + 1));
    flat[i * (d + 1) + d] = Number(t.labels[i]);
  });
  writeFileSync(path, npyBytes(flat, [t.features.length, d + 1]));
}
