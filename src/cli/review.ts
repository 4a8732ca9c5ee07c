import type { Command } from 'commander';

export function registerReview(program: Command): void {
  program.command('review').description('run an ATLAS review of an inventory (in progress)');
}
