// Writes the JSON Schemas that ship in schemas/ from their zod sources: `npm run schemas`.
import { writeFileSync } from 'node:fs';
import { inventoryJsonSchema } from '../src/inventory/json-schema.ts';

const target = new URL('../schemas/inventory.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(inventoryJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
