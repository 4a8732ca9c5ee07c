import pc from 'picocolors';

/**
 * Colour only on a terminal, unless NO_COLOR turns it off or FORCE_COLOR on. picocolors alone would also
 * colour any output when `CI` is set, which puts escape codes into logs and piped JSON.
 */
export function colourEnabled(env: NodeJS.ProcessEnv = process.env, tty = process.stdout.isTTY === true): boolean {
  if ('NO_COLOR' in env) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return tty;
}

export const colour = pc.createColors(colourEnabled());

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
