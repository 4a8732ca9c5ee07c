import type { Command } from 'commander';
import { registerDataManifest } from './data-manifest.ts';

/** `rampart data …`: datasets. `manifest` records hashes, schema and profile (src/data/provenance/). */
export function registerData(program: Command): void {
  const data = program.command('data').description('datasets: content manifests (hashes per file and chunk of rows, schema, profile) and what changed since');
  registerDataManifest(data);
}
