// Part of `npm run build`: makes the template new embedded stores are copied from (data/cache/store-template/, see
// src/store/store-template.ts), so a first review does not run initdb in WebAssembly.
import { buildStoreTemplate } from '../dist/store/store-template.js';

const stamp = await buildStoreTemplate();
console.log(`store template: PGlite ${stamp.pglite}, migrations ${stamp.migrations.join(', ')}`);
