import type { Command } from 'commander';
import { registerDataScan } from './data-scan.ts';

/** `rampart data …`: datasets. Each sub-verb registers itself from its own file. */
export function registerData(program: Command): void {
  const data = program.command('data').description('datasets: scan for poisoned, mislabelled, duplicated and leaked rows');
  registerDataScan(data);
}
