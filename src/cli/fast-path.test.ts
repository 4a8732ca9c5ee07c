import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { RAMPART_VERSION } from '../version.ts';
import { answerWithoutCommander } from './fast-path.ts';
import { buildProgram } from './main.ts';

/** What commander itself prints for a command line, at a given terminal width. */
async function commanderPrints(argv: string[], width: number): Promise<string> {
  const program = await buildProgram(argv);
  let out = '';
  program.configureOutput({ writeOut: (text) => (out += text), getOutHelpWidth: () => width });
  await program.parseAsync(argv, { from: 'user' }).catch((error: unknown) => {
    if (!(error instanceof CommanderError && error.exitCode === 0)) throw error;
  });
  return out;
}

function fastPathPrints(argv: string[], width: number): { answered: boolean; out: string } {
  let out = '';
  const answered = answerWithoutCommander(argv, (text) => (out += text), () => width);
  return { answered, out };
}

describe('--version and --help without commander', () => {
  // 80 is a pipe's width (and the benchmark's); the others are terminals, down to where commander stops wrapping.
  it.each([
    [['--help'], 80],
    [['-h'], 80],
    [['--help'], 132],
    [['--help'], 200],
    [['--help'], 60],
    [['--help'], 57],
    [['--help'], 44],
    [['--help'], 30],
    [['--version'], 80],
    [['-V'], 80],
  ])('`rampart %s` at %i columns prints what commander prints', async (argv, width) => {
    const fast = fastPathPrints(argv, width);
    expect(fast.answered).toBe(true);
    expect(fast.out).toBe(await commanderPrints(argv, width));
  });

  it('prints the package version', () => {
    expect(fastPathPrints(['--version'], 80).out).toBe(`${RAMPART_VERSION}\n`);
  });

  it.each([[[]], [['review', '--help']], [['--help', 'review']], [['help']], [['--version', '--help']], [['--verbose']]])('leaves %j to commander, printing nothing', (argv) => {
    expect(fastPathPrints(argv, 80)).toEqual({ answered: false, out: '' });
  });
});
