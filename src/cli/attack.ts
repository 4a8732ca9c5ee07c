import type { Command } from 'commander';

export function registerAttack(_program: Command): void {
  // Added by the attack work in progress.
}
