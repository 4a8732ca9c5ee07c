import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { RAMPART_VERSION } from '../version.ts';
import { VERBS } from './verbs.ts';

/** The program's own description, shown at the top of `rampart --help` (main.ts gives it to commander too). */
export const PROGRAM_DESCRIPTION = 'Evidence-based security reviews of AI/ML systems against MITRE ATLAS';

/**
 * `rampart --version` and `rampart --help` (or -V, -h) on their own are answered here, before commander or any other
 * module is loaded: Node's own start is ~100 ms of CPU, and loading commander, the program and its 20 verb
 * placeholders added another ~60 ms. The text is what commander prints for the program main.ts builds, at the same
 * width (`fast-path.test.ts` holds the two equal at several widths); any other command line returns false and goes
 * to commander. Written with writeSync to fd 1: making `process.stdout` a stream costs more than the write.
 */
export function answerWithoutCommander(argv: readonly string[], write: (text: string) => void = writeStdout, width: () => number = stdoutWidth): boolean {
  if (argv.length !== 1) return false;
  const [flag] = argv;
  if (flag === '--version' || flag === '-V') write(`${RAMPART_VERSION}\n`);
  else if (flag === '--help' || flag === '-h') write(rootHelp(width()));
  else return false;
  return true;
}

/** Commander's layout of the root help: usage, description, options, then commands (name and description only). */
export function rootHelp(helpWidth: number): string {
  const options: [string, string][] = [
    ['-V, --version', 'output the version number'],
    ['-h, --help', 'display help for command'],
  ];
  const commands: [string, string][] = [...VERBS.map((v): [string, string] => [v.name, v.description]), ['help [command]', 'display help for command']];
  const termWidth = Math.max(...[...options, ...commands].map(([term]) => term.length));
  const item = ([term, description]: [string, string]) => `  ${term.padEnd(termWidth)}  ${wrap(description, helpWidth - termWidth - 4).join(`\n${' '.repeat(termWidth + 4)}`)}`;
  const lines = ['Usage: rampart [options] [command]', '', ...wrap(PROGRAM_DESCRIPTION, helpWidth), '', 'Options:', ...options.map(item), '', 'Commands:', ...commands.map(item), ''];
  return lines.join('\n');
}

/** Commander does not wrap into less than 40 columns. */
const MIN_WRAP = 40;

/** Greedy word wrap at single spaces: as many words on a line as fit in `width`; a longer word stands alone. */
function wrap(text: string, width: number): string[] {
  if (width < MIN_WRAP) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

function writeStdout(text: string): void {
  try {
    writeSync(1, text);
  } catch (error) {
    // A reader that stops early (`rampart --help | head -3`) is not an error.
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
  }
}

/** Commander's width: the terminal's columns, else 80. Only at a terminal is `process.stdout` made (it knows the columns). */
function stdoutWidth(): number {
  return isatty(1) ? (process.stdout.columns ?? 80) : 80;
}
