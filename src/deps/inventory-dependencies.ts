import { loadInventory } from '../inventory/load.ts';
import { frameworkDependencies } from './frameworks.ts';
import type { Dependency } from './types.ts';

/** The `frameworks:` of every asset of an inventory, as dependencies to match. */
export async function inventoryDependencies(path: string): Promise<{ label: string; dependencies: Dependency[] }> {
  const inventory = await loadInventory(path);
  return { label: `${path} (frameworks of ${inventory.assets.length} assets)`, dependencies: inventory.assets.flatMap(frameworkDependencies) };
}
