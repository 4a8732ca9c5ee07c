import pc from 'picocolors';

/** Colours honour NO_COLOR and non-TTY output (picocolors checks both). */
export const colour = pc;

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
