import type { Command } from 'commander';
import { registerDataManifest } from './data-manifest.ts';
import { registerDataScan } from './data-scan.ts';

/**
 * `rampart data …`: datasets. Each sub-verb registers itself from its own file: `scan` looks for poisoned,
 * mislabelled, duplicated and leaked rows (src/data/scan/); `manifest` records hashes, schema and profile
 * (src/data/provenance/).
 */
export function registerData(program: Command): void {
  const data = program.command('data').description('datasets: scan for poisoned, mislabelled, duplicated and leaked rows; content manifests (hashes per file and chunk of rows, schema, profile) and what changed since');
  registerDataScan(data);
  registerDataManifest(data);
}
