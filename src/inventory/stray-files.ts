import { closest } from '../util/suggest.ts';

/** The top-level keys of an inventory file (src/inventory/schema.ts `InventoryFile`). */
export const INVENTORY_KEYS = ['organisation', 'assets', 'controls'] as const;

/** A YAML file of the inventory folder that was not read as inventory, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

/**
 * Why a parsed YAML file of the folder is not inventory, or undefined when it is. A folder holds other YAML too (a
 * `detectors.yaml`, a CI file, a compose file): a file is inventory when its top level has `organisation`, `assets` or
 * `controls` — or a key one typo away, so `asets:` is an error about that key rather than a file silently skipped.
 */
export function whyNotInventory(data: unknown): string | undefined {
  if (data === null || data === undefined) return 'it is empty';
  if (typeof data !== 'object' || Array.isArray(data)) return `its top level is ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}, not a mapping with ${keyList}`;
  const keys = Object.keys(data);
  if (keys.some((key) => (INVENTORY_KEYS as readonly string[]).includes(key) || closest(key, INVENTORY_KEYS) !== undefined)) return undefined;
  const shown = keys.slice(0, 4).join(', ') + (keys.length > 4 ? `, … (${keys.length} keys)` : '');
  return `its top level has ${shown || 'no keys'}, none of ${keyList}`;
}

/**
 * For a file that is not valid YAML: skipped only when no line starts with an inventory key, so a broken inventory
 * file is still an error naming the position, while a template or other tool's file (`{{ .Values }}`) is passed over.
 */
export function whyNotInventoryText(text: string, problem: string): string | undefined {
  return /^(organisation|assets|controls)\s*:/m.test(text) ? undefined : `it is not valid YAML (${problem}) and has no top-level ${keyList}`;
}

const keyList = INVENTORY_KEYS.join(', ');
