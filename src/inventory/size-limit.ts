import { stat } from 'node:fs/promises';
import { usageError } from '../errors.ts';
import { inventoryFiles } from './load.ts';

/**
 * The largest inventory a review reads unless told otherwise: 64 MB of YAML/JSON is well past 100,000 assets, and
 * the review of it needs several gigabytes. Refusing up front, with the size and the flag, beats running out of heap.
 */
export const DEFAULT_MAX_INVENTORY = '64MB';

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `65536`, `512KB`, `64MB`, `1.5GB` → bytes; anything else is a usage error. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match || unit === undefined || Number(match[1]) <= 0) throw usageError(`"${text}" is not a size`, 'give bytes, or a number with KB, MB or GB, e.g. --max-inventory 256MB');
  return Math.round(Number(match[1]) * unit);
}

/** Refuses an inventory whose files add up to more than `maxBytes`, before any of them is read. */
export async function checkInventorySize(path: string, maxBytes: number): Promise<number> {
  let total = 0;
  for (const file of await inventoryFiles(path)) total += (await stat(file)).size;
  if (total > maxBytes) {
    throw usageError(
      `the inventory at ${path} is ${megabytes(total)}, over the limit of ${megabytes(maxBytes)}`,
      'split it into several inventories (one per business unit), or raise the limit with --max-inventory SIZE if this machine has the memory (about 1 GB per 10,000 assets)',
    );
  }
  return total;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}
