import { Command, CommanderError } from 'commander';
import { RampartError } from '../errors.ts';
import { RAMPART_VERSION } from '../version.ts';
import { describeEnvironmentError } from './environment-error.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';
import { PROGRAM_DESCRIPTION } from './fast-path.ts';
import { colour, writeErr } from './output.ts';
import { sourceStack } from './stack-trace.ts';
import { VERBS, verbOf } from './verbs.ts';

/**
 * The program for one command line: the verb it names is loaded and registered in full; the others are listed by
 * name and description only, which is all `--help` shows. So `--help` and `--version` load no verb at all.
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('rampart')
    .description(PROGRAM_DESCRIPTION)
    .version(RAMPART_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    // Positional options from the root down, or the root hands `review` the flags meant for `review show`/`diff`.
    .enablePositionalOptions()
    .exitOverride();
  const wanted = verbOf(argv);
  for (const verb of VERBS) {
    if (verb === wanted) {
      (await verb.load())(program);
    } else program.command(verb.name).description(verb.description);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
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
  const environment = describeEnvironmentError(error);
  if (environment) {
    writeErr(`${colour.red('error')}: ${environment.message}\n  → ${environment.hint}`);
    return EXIT.usage;
  }
  writeErr(`${colour.red('internal error')} (a bug in rampart; please report it with this trace):`);
  writeErr(error instanceof Error ? sourceStack(error.stack ?? error.message) : String(error));
  return EXIT.internal;
}
