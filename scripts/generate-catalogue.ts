// Writes docs/checks.md from the check declarations: `npm run catalogue`. A test fails when it is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadAtlas } from '../src/atlas/load.ts';
import { CATALOGUE_PATH, renderCatalogue } from '../src/checks/catalogue.ts';
import { checks } from '../src/checks/registry.ts';

const target = new URL(`../${CATALOGUE_PATH}`, import.meta.url);
mkdirSync(new URL('.', target), { recursive: true });
writeFileSync(target, renderCatalogue(checks, await loadAtlas()));
console.log(`wrote ${target.pathname}`);
