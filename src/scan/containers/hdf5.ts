import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noteFormat, report, type ScanContext } from '../context.ts';
import type { ByteSource } from '../source.ts';
import { scanKerasConfig } from './keras.ts';
import type * as H5Module from 'h5wasm/node';

/**
 * HDF5 through h5wasm (the HDF Group's library compiled to WebAssembly): legacy Keras .h5 files keep
 * their architecture as JSON in the root attributes `model_config` and `training_config`, which are
 * checked for Lambda layers and custom objects. Weights are never read.
 */
type H5 = typeof H5Module;
let h5: Promise<H5> | undefined;

async function library(): Promise<H5> {
  h5 ??= import('h5wasm/node').then(async (m) => {
    await m.ready;
    return m;
  });
  return h5;
}

export async function scanHdf5(source: ByteSource, ctx: ScanContext): Promise<void> {
  noteFormat(ctx, 'hdf5');
  let path = source.path;
  let temp: string | undefined;
  if (!path) {
    if (source.size > ctx.limits.maxMemberBytes) {
      report(ctx, 'archive/bomb', `nested HDF5 of ${source.size} bytes is over the member cap; not scanned`);
      return;
    }
    // h5wasm's Node build reads real files: a nested member goes through a private temp file.
    temp = join(tmpdir(), `rampart-h5-${randomUUID()}.h5`);
    writeFileSync(temp, source.read(0, source.size), { mode: 0o600 });
    path = temp;
  }
  try {
    const h5wasm = await library();
    const file = new h5wasm.File(path, 'r');
    try {
      for (const name of ['model_config', 'training_config']) {
        const value = attribute(file, name);
        if (value !== undefined) {
          noteFormat(ctx, 'keras-h5');
          scanKerasConfig(new TextEncoder().encode(value), { ...ctx, member: [...ctx.member, `@${name}`] });
        }
      }
    } finally {
      file.close();
    }
  } catch (e) {
    report(ctx, 'format/malformed', `HDF5 file unreadable: ${(e as Error).message ?? String(e)}`);
  } finally {
    if (temp) rmSync(temp, { force: true });
  }
}

function attribute(file: { attrs: Record<string, { value: unknown }> }, name: string): string | undefined {
  const attr = file.attrs[name];
  if (!attr) return undefined;
  const v = attr.value;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}
