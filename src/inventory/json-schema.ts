import { z } from 'zod';
import { InventoryFile } from './schema.ts';

/** The inventory file format as JSON Schema, generated from the zod schema (shipped as schemas/inventory.schema.json). */
export function inventoryJsonSchema(): object {
  return {
    ...z.toJSONSchema(InventoryFile, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    // The user's own top-level keys, for YAML anchors (`x-prod: &prod`); the loader drops them (inventory/load.ts).
    patternProperties: { '^x-': {} },
    $id: 'https://github.com/rampart/rampart/schemas/inventory.schema.json',
    title: 'Rampart inventory file',
    description: 'Assets grouped by the four ATLAS system elements, and the control register. See the README, "Inventory format".',
  };
}
