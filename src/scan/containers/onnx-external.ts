import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * Where an ONNX `external_data` location really leads, for a model read from disk: onnx.load and
 * onnxruntime open `<model folder>/<location>` and follow symbolic links, so a location that names a
 * link (or a path through one) to a file outside the folder reads that file — an SSH key, a token — into
 * a tensor (a side channel). Returns the real target when it leaves the folder, else undefined (also when
 * the file does not exist: nothing is read then).
 */
export function externalDataEscape(modelPath: string, location: string): string | undefined {
  const folder = dirname(modelPath);
  const target = resolve(folder, location);
  try {
    lstatSync(target);
    const real = realpathSync(target);
    const root = realpathSync(folder);
    const rel = relative(root, real);
    return rel.startsWith('..') || isAbsolute(rel) ? real : undefined;
  } catch {
    return undefined;
  }
}
