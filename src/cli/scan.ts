import type { Command } from 'commander';

export function registerScan(_program: Command): void {
  // Added by the scan work in progress.
}
