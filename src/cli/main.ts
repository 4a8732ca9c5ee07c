import { Command, CommanderError } from 'commander';
import { RampartError } from '../errors.ts';
import { RAMPART_VERSION } from '../version.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';
import { colour, writeErr } from './output.ts';
import { registerAtlas } from './atlas.ts';
import { registerControls } from './controls.ts';
import { registerReview } from './review.ts';
import { registerReviews } from './reviews.ts';
import { registerWaive } from './waive.ts';
import { registerSignoff } from './signoff.ts';
import { registerGate } from './gate.ts';
import { registerReport } from './report.ts';
import { registerScan } from './scan.ts';
import { registerAttack } from './attack.ts';
import { registerDeps } from './deps.ts';

/** Each verb lives in its own file and adds itself here with one line. */
const verbs: ((program: Command) => void)[] = [registerAtlas, registerControls, registerReview, registerReviews, registerWaive, registerSignoff, registerGate, registerReport, registerScan, registerAttack, registerDeps];

export function buildProgram(): Command {
  const program = new Command('rampart')
    .description('Evidence-based security reviews of AI/ML systems against MITRE ATLAS')
    .version(RAMPART_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of verbs) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help / version text).
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof RampartError) {
    writeErr(`${colour.red('error')}: ${error.describe()}`);
    return exitCodeFor(error.kind);
  }
  writeErr(`${colour.red('internal error')} (a bug in rampart; please report it with this trace):`);
  writeErr(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return EXIT.internal;
}
