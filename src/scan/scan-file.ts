import { statSync } from 'node:fs';
import { noteFormat, report, type ScanContext, type ScanSink } from './context.ts';
import { detect, JOBLIB_ZFILE_HEADER, type Format } from './containers/detect.ts';
import { otherReadings, probePickle, skippablePayloads, userBlockOffsets } from './containers/polyglot.ts';
import { scanCompressed } from './containers/compressed.ts';
import { scanGguf } from './containers/gguf.ts';
import { inflateCapped } from './containers/inflate.ts';
import { scanNpy } from './containers/numpy.ts';
import { scanSafetensors } from './containers/safetensors.ts';
import { scan7z } from './containers/seven-zip-archive.ts';
import { scanTar } from './containers/tar.ts';
import { scanZip } from './containers/zip.ts';
import { scanHdf5 } from './containers/hdf5.ts';
import { reportRemoteCode } from './containers/remote-code.ts';
import { isPythonSource, scanSourceText } from './containers/source-text.ts';
import { scanPickle } from './pickle/scan.ts';
import { bufferSource, fileSource, type ByteSource } from './source.ts';
import { defaultLimits, verdictOf, type FileReport, type ScanLimits } from './types.ts';

/**
 * Scans one file: detects its format by content and hands it to the reader for that format; readers
 * recurse through `ctx.nested` for members and embedded payloads. Never throws for a bad file: a reader
 * crash becomes an inconclusive finding.
 */
export async function scanFile(path: string, limits: ScanLimits = defaultLimits, displayPath = path): Promise<FileReport> {
  const started = performance.now();
  const sink: ScanSink = { findings: [], formats: [], inflated: 0, pending: [] };
  let bytes = 0;
  let source: ByteSource | undefined;
  const ctx = rootContext(displayPath, limits, sink);
  try {
    bytes = statSync(path).size;
    source = fileSource(path);
    await dispatch(source, ctx, undefined, true);
    await drain(sink);
  } catch (e) {
    report(ctx, 'format/malformed', `scanner could not read the file: ${(e as Error).message}`, { level: 'inconclusive' });
  } finally {
    source?.close();
  }
  return { path: displayPath, formats: sink.formats, verdict: verdictOf(sink.findings), findings: sink.findings, bytes, durationMs: performance.now() - started };
}

/** Scans bytes already in memory (tests, fuzzing, nested payloads). */
export async function scanBytes(bytes: Uint8Array, name = '<memory>', limits: ScanLimits = defaultLimits): Promise<FileReport> {
  const started = performance.now();
  const sink: ScanSink = { findings: [], formats: [], inflated: 0, pending: [] };
  const ctx = rootContext(name, limits, sink);
  try {
    await dispatch(bufferSource(bytes), ctx, undefined, true);
    await drain(sink);
  } catch (e) {
    report(ctx, 'format/malformed', `scanner failed on this input: ${(e as Error).message}`, { level: 'inconclusive' });
  }
  return { path: name, formats: sink.formats, verdict: verdictOf(sink.findings), findings: sink.findings, bytes: bytes.length, durationMs: performance.now() - started };
}

async function drain(sink: ScanSink): Promise<void> {
  while (sink.pending.length) await sink.pending.shift();
  // auto_map references are resolved against the Python files of the whole archive, once all are read.
  reportRemoteCode(sink);
}

function rootContext(file: string, limits: ScanLimits, sink: ScanSink): ScanContext {
  const ctx: ScanContext = {
    file, member: [], depth: 0, limits, deadline: Date.now() + limits.timeMs, sink,
    nested: () => undefined,
  };
  return withNested(ctx);
}

function withNested(ctx: ScanContext): ScanContext {
  ctx.nested = (source, member, hint) => {
    const child = withNested({ ...ctx, member: [...ctx.member, member], depth: ctx.depth + 1 });
    if (child.depth > ctx.limits.maxDepth) {
      report(child, 'archive/bomb', `nesting deeper than ${ctx.limits.maxDepth} levels; not scanned`);
      return;
    }
    const failed = (e: unknown): void => report(child, 'format/malformed', `scanner failed on this member: ${(e as Error).message}`, { level: 'inconclusive' });
    try {
      ctx.sink.pending.push(dispatch(source, child, hint, false).catch(failed));
    } catch (e) {
      failed(e);
    }
  };
  return ctx;
}

/**
 * Reads a source as its main format, then as every other format a loader would accept it as (a polyglot
 * is scanned once per reading, and the worst reading decides), and runs the pickle engine wherever a
 * loader could start unpickling (polyglot.ts).
 */
async function dispatch(source: ByteSource, ctx: ScanContext, hint: 'pickle' | undefined, top: boolean): Promise<void> {
  const format = hint ?? detect(source);
  await readAs(format, source, ctx, hint, top);
  if (hint) return;
  for (const other of otherReadings(source, format)) {
    if (Date.now() > ctx.deadline) return;
    report(ctx, 'format/polyglot', `the ${format} file is also a valid ${other} file (${LOADERS[other] ?? 'its loader'} reads it as one); both readings were scanned`, { offset: 0 });
    await readAs(other, source, ctx, undefined, false);
  }
  if (!PICKLE_TRIED.has(format)) probePickle(source, ctx);
  if (format === 'hdf5') for (const at of userBlockOffsets(source)) probePickle(source, ctx, at);
  if (format === 'zstd' || format === 'lz4') for (const at of skippablePayloads(source)) probePickle(source, ctx, at);
}

/** Formats whose reader already tries the bytes as a pickle. */
const PICKLE_TRIED: ReadonlySet<Format> = new Set(['pickle', 'text', 'protobuf', 'unknown']);
const LOADERS: Partial<Record<Format, string>> = {
  zip: "zipfile and torch.load find a ZIP by its central directory, so", tar: 'tarfile', hdf5: 'h5py', safetensors: 'safetensors',
};

/**
 * `top` says whether an unknown format is a finding: at the top level it is (fail closed); inside an
 * archive, raw tensor data and other members are expected to be opaque.
 */
function readAs(format: Format, source: ByteSource, ctx: ScanContext, hint: 'pickle' | undefined, top: boolean): Promise<void> {
  switch (format) {
    case 'pickle': {
      noteFormat(ctx, 'pickle');
      const kind = scanPickle(source, ctx, hint === 'pickle' && source.read(0, 1)[0] !== 0x80);
      if (kind === 'pytorch-legacy') noteFormat(ctx, 'pytorch-legacy');
      if (kind === 'not-pickle') report(ctx, 'pickle/broken-stream', 'payload handed to a pickle loader is not a pickle', { level: 'info' });
      if (hint === undefined && isPythonSource(source, ctx, false)) scanSourceText(source, ctx, false);
      break;
    }
    case 'zip':
      scanZip(source, ctx);
      break;
    case 'tar':
      scanTar(source, ctx);
      break;
    case 'gzip':
    case 'zlib':
    case 'joblib-zfile': {
      noteFormat(ctx, format);
      if (source.size > ctx.limits.maxMemberBytes) {
        report(ctx, 'archive/bomb', `${format} stream of ${source.size} bytes is over the member cap`);
        break;
      }
      // joblib < 0.10 wrote a 21-byte header before the zlib stream, and unpickles what it inflates.
      const skip = format === 'joblib-zfile' ? JOBLIB_ZFILE_HEADER : 0;
      const out = inflateCapped(ctx, format === 'gzip' ? 'gzip' : 'zlib', source.read(skip, source.size - skip), undefined, { offset: skip, what: `${format} stream` });
      if (out && format === 'joblib-zfile') ctx.nested(bufferSource(out), '<joblib-zfile>', 'pickle');
      else if (out) ctx.nested(bufferSource(out), format === 'gzip' ? '<gunzip>' : '<zlib>');
      break;
    }
    case 'npy':
      scanNpy(source, ctx);
      break;
    case 'safetensors':
      scanSafetensors(source, ctx);
      break;
    case 'gguf':
      scanGguf(source, ctx);
      break;
    case 'hdf5':
      return scanHdf5(source, ctx);
    case '7z':
      return scan7z(source, ctx);
    case 'bzip2':
    case 'xz':
    case 'lzma':
    case 'lz4':
    case 'zstd':
      return scanCompressed(source, ctx, format);
    default: {
      // Protocol 0/1 pickles have no magic: try them before calling anything unknown. A file Python would
      // import as source is read as Python too, whatever else it also is (a protocol-0 pickle can be both).
      if (scanPickle(source, ctx, true) !== 'not-pickle') {
        noteFormat(ctx, 'pickle');
        if (isPythonSource(source, ctx, format === 'text')) scanSourceText(source, ctx, format === 'text');
        break;
      }
      // protobufjs takes ~100 ms to load: only files that look like protobuf pay for it (worker start-up).
      if (format === 'protobuf') {
        return import('./containers/protobuf.ts').then((m) => {
          if (!m.scanProtobuf(source, ctx)) unrecognised(source, ctx, format, top);
        });
      }
      unrecognised(source, ctx, format, top);
    }
  }
  return Promise.resolve();
}

function unrecognised(source: ByteSource, ctx: ScanContext, format: string, top: boolean): void {
  if (scanSourceText(source, ctx, format === 'text')) return; // HF configs, Python source
  if (format === 'text') {
    if (top) noteFormat(ctx, 'text');
    return;
  }
  // Detection is by content; the name only decides how alarming an unrecognised file is: a `.pt` that
  // is nothing we know is unscanned (inconclusive), a `variables.index` next to a model is just data.
  if (top) {
    const modelish = MODEL_NAME.test(ctx.file);
    report(ctx, 'format/unknown', `${modelish ? 'named like a model but ' : ''}not a format the scanner reads (first bytes ${hex(source.read(0, 8))})`, modelish ? {} : { level: 'info' });
  }
}

const MODEL_NAME = /\.(pt|pth|bin|pkl|pickle|ckpt|joblib|jbl|sav|h5|hdf5|keras|onnx|pb|safetensors|gguf|ggml|npy|npz|model|mar|tar|zip|dill|tflite|pdparams|nemo)$/i;

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
