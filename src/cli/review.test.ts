import { describe, expect, it, vi } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from './main.ts';

/** Replace the actions of `review`, `review show` and `review diff` with spies and parse argv. */
async function dispatch(argv: string[]): Promise<{ verb: string; args: unknown[] }[]> {
  const calls: { verb: string; args: unknown[] }[] = [];
  const program = await buildProgram(argv);
  const review = program.commands.find((c) => c.name() === 'review') as Command;
  review.action((...args: unknown[]) => void calls.push({ verb: 'review', args: args.slice(0, 2) }));
  for (const sub of review.commands) sub.action((...args: unknown[]) => void calls.push({ verb: `review ${sub.name()}`, args: args.slice(0, sub.registeredArguments.length + 1) }));
  await program.parseAsync(argv, { from: 'user' });
  return calls;
}

describe('rampart review: an optional folder and subcommands on one verb', () => {
  it.each([
    { argv: ['review'], verb: 'review', first: '.' },
    { argv: ['review', 'examples/acme-bank'], verb: 'review', first: 'examples/acme-bank' },
    { argv: ['review', 'examples/acme-bank', '-f', 'json', '--no-store'], verb: 'review', first: 'examples/acme-bank' },
    { argv: ['review', './show'], verb: 'review', first: './show' },
    { argv: ['review', 'show', '3'], verb: 'review show', first: '3' },
    { argv: ['review', 'diff'], verb: 'review diff', first: undefined },
    { argv: ['review', 'diff', '1', '2', '-f', 'json'], verb: 'review diff', first: '1' },
  ].map((c) => ({ ...c, line: c.argv.join(' ') })))('$line → $verb', async ({ argv, verb, first }) => {
    const calls = await dispatch(argv);
    expect(calls.map((c) => c.verb)).toEqual([verb]);
    expect(calls[0]?.args[0]).toBe(first);
  });

  it('gives the flags after a subcommand to the subcommand', async () => {
    const [call] = await dispatch(['review', 'diff', '1', '2', '-f', 'json', '--store', '/tmp/x']);
    expect(call?.args[2]).toMatchObject({ format: 'json', store: '/tmp/x' });
  });

  it('still reads the review flags after the folder', async () => {
    const [call] = await dispatch(['review', 'inv', '-f', 'json', '--no-store', '--date', '2026-11-01']);
    expect(call?.args[1]).toMatchObject({ format: 'json', store: false, date: '2026-11-01' });
  });

  it('refuses an unknown review option instead of passing it on', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(dispatch(['review', 'inv', '--colour'])).rejects.toThrow(/unknown option/);
    } finally {
      spy.mockRestore();
    }
  });
});
