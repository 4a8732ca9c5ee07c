import { report, type ScanContext } from '../context.ts';
import type { ByteSource } from '../source.ts';
import { Cursor } from './cursor.ts';
import { PickleHost } from './host.ts';
import { Machine } from './machine.ts';
import type { MachineHost } from './machine-types.ts';

/** Legacy `torch.save` (before 1.6) starts with this magic number, then 4 more pickles, then raw storages. */
const LEGACY_TORCH_MAGIC = 0x1950a86a20f9469cfc6cn;

export type PickleScanResult = 'pickle' | 'pytorch-legacy' | 'not-pickle';

/**
 * Scans every pickle stream in a source, one after another (stacked streams: torch legacy files, or
 * payloads hidden after the first STOP). Findings before a broken tail stand; the break itself makes
 * the file inconclusive. With `sniff`, a source that does not start with PROTO is only treated as a
 * pickle when it parses into imports or calls (so text files are not reported as broken pickles).
 */
export function scanPickle(source: ByteSource, ctx: ScanContext, sniff: boolean, plain = false): PickleScanResult {
  if (sniff && !looksLikePickle(source, ctx)) return 'not-pickle';
  const host = new PickleHost(ctx, source, plain);
  const cur = new Cursor(source);
  let streams = 0;
  let legacy = false;
  try {
    while (cur.remaining > 0) {
      if (streams >= ctx.limits.maxStreams) {
        report(ctx, 'pickle/limit', `more than ${ctx.limits.maxStreams} stacked pickle streams; the rest was not read`, { offset: cur.pos });
        break;
      }
      const start = cur.pos;
      const eventsBefore = host.events;
      const machine = new Machine(host, { maxStack: ctx.limits.maxStack, maxMemo: ctx.limits.maxMemo, maxMemoBytes: ctx.limits.maxMemoBytes, deadline: ctx.deadline });
      const r = machine.run(cur);
      if (r.end === 'not-pickle') {
        if (streams === 0) return 'not-pickle';
        report(ctx, 'pickle/trailing-data', `${source.size - start} bytes after the last pickle stream are not a pickle`, { offset: start });
        break;
      }
      streams++;
      if (r.end === 'stop') {
        if (streams === 1 && r.result === LEGACY_TORCH_MAGIC) legacy = true;
        // Legacy torch: magic, protocol, sys info, object, storage keys; then raw storage bytes.
        if (legacy && streams === 5) break;
        continue;
      }
      if (r.end === 'limit') {
        report(ctx, 'pickle/limit', `stopped at ${r.message}`, { offset: r.offset });
        break;
      }
      if (streams > 1 && host.events === eventsBefore && !legacy) {
        report(ctx, 'pickle/trailing-data', `${source.size - start} bytes after the last pickle stream do not form a pickle (${r.message})`, { offset: start });
        break;
      }
      report(ctx, 'pickle/broken-stream', `pickle stream ${streams} breaks at byte ${r.offset}: ${r.message ?? r.end}`, { offset: r.offset });
      break;
    }
    if (streams > 1 && !legacy) report(ctx, 'pickle/stacked-streams', `${streams} pickle streams in sequence; all were scanned`, { offset: 0 });
  } finally {
    host.finish();
  }
  if (host.joblibRawArrays > 0) plainReading(source, ctx);
  return legacy ? 'pytorch-legacy' : 'pickle';
}

/**
 * A joblib file is also a pickle to `pickle.load` (and `pd.read_pickle`), which reads the array bytes
 * joblib steps over as opcodes: array data can be a payload only that reading runs. That reading's
 * dangerous calls are reported; the rest of it is array data misread (a broken stream says nothing) or
 * repeats the joblib reading.
 */
function plainReading(source: ByteSource, ctx: ScanContext): void {
  const findings = ctx.sink.findings;
  const seen = new Set(findings.map((f) => `${f.rule}@${f.offset}:${f.message}`));
  const before = findings.length;
  scanPickle(source, ctx, false, true);
  const kept = findings.splice(before).filter((f) => f.level === 'dangerous' && !seen.has(`${f.rule}@${f.offset}:${f.message}`));
  if (!kept.length) return;
  findings.push(...kept);
  report(ctx, 'format/polyglot', 'pickle.load reads the bytes joblib.load steps over as array data as opcodes, and that reading runs code', { offset: 0 });
}

/** A dry run with a host that only counts imports and calls. */
function looksLikePickle(source: ByteSource, ctx: ScanContext): boolean {
  const first = source.read(0, 2);
  if (first[0] === 0x80 && first[1] !== undefined && first[1] <= 5) return true;
  let events = 0;
  let called = false;
  const probe: MachineHost = {
    import: (g) => {
      if (/^[A-Za-z_][\w.]*$/.test(g.module) && /^[A-Za-z_][\w.]*$/.test(g.name)) events++;
    },
    call: () => {
      called = true;
      return null;
    },
    build: () => undefined,
    mutate: () => undefined,
    anomaly: () => undefined,
    computedImport: () => {
      events++;
    },
  };
  const r = new Machine(probe, { maxStack: ctx.limits.maxStack, maxMemo: ctx.limits.maxMemo, maxMemoBytes: ctx.limits.maxMemoBytes, deadline: ctx.deadline }).run(new Cursor(source));
  // A complete stream is a pickle (e.g. a protocol-0 dict); a broken one only if it reached a global.
  return r.end === 'stop' ? r.ops > 1 || source.size <= 2 : events > 0 || (called && r.ops > 3);
}
