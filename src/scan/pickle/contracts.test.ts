import { describe, expect, it } from 'vitest';
import { scanBytes } from '../scan-file.ts';
import { dumps, py, type Py } from '../test-support/pickle-writer.ts';
import { contractFor, type Slot } from './contracts.ts';
import { allowExact } from './policy-lists.ts';

/**
 * One row per allow-list entry: called with what its contract accepts it scans clean; a callable put in
 * any of its argument positions (or an allowed *function* where data belongs) makes the file dangerous.
 */
const system = py.global('posix', 'system');
const entries = [...allowExact.keys()].map((full) => {
  const dot = full.lastIndexOf('.');
  return [full, full.slice(0, dot), full.slice(dot + 1)] as const;
});

function benign(slot: Slot): Py {
  if (slot === 'data') return 1;
  if (slot === 'class' || slot === 'judged') return py.global('builtins', 'object');
  if (slot.strings?.length) return slot.strings[0]!;
  const name = slot.names[0]!;
  const dot = name.lastIndexOf('.');
  return py.global(name.slice(0, dot), name.slice(dot + 1));
}

function argsFor(full: string, short: string): { args: Py[]; slots: Slot[] } {
  const contract = contractFor(full, short);
  const slots = [...contract.args, ...(contract.rest ? [contract.rest] : [])];
  return { args: slots.map(benign), slots };
}

describe('allow-list contracts', () => {
  it.each(entries)('%s with data is clean', async (full, module, name) => {
    const { args } = argsFor(full, name);
    const r = await scanBytes(dumps(py.reduce(py.global(module, name), py.tuple(...args)), 2));
    expect(r.verdict, JSON.stringify(r.findings.map((f) => f.message))).toBe('clean');
  });

  it.each(entries)('%s handed a callable in any position is dangerous', async (full, module, name) => {
    const { args, slots } = argsFor(full, name);
    for (let k = 0; k < slots.length; k++) {
      const hostile = [...args];
      hostile[k] = system;
      const r = await scanBytes(dumps(py.reduce(py.global(module, name), py.tuple(...hostile)), 2));
      expect(r.verdict, `argument ${k + 1}: ${JSON.stringify(r.findings.map((f) => f.message))}`).toBe('dangerous');
      if (slots[k] === 'data') {
        hostile[k] = py.global('torch._utils', '_rebuild_tensor_v2'); // allowed, but a function: never data
        expect((await scanBytes(dumps(py.reduce(py.global(module, name), py.tuple(...hostile)), 2))).verdict, `argument ${k + 1} (allowed function)`).toBe('dangerous');
      }
    }
  });
});
