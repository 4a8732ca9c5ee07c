// Writes the JSON Schemas that ship in schemas/ from their zod sources: `npm run schemas`.
import { writeFileSync } from 'node:fs';
import { inventoryJsonSchema } from '../src/inventory/json-schema.ts';
import { chatTargetJsonSchema } from '../src/targets/chat-target-file.ts';
import { targetJsonSchema } from '../src/targets/presets.ts';
import { TargetFile } from '../src/targets/target-file.ts';

for (const [name, schema] of [
  ['inventory', inventoryJsonSchema()],
  ['chat-target', chatTargetJsonSchema()],
  ['target', targetJsonSchema(TargetFile)],
] as const) {
  const target = new URL(`../schemas/${name}.schema.json`, import.meta.url);
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}
