import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inputError } from '../errors.ts';

/**
 * Resolve a header value from the target file: `${VAR}` parts come from the environment and `file:PATH`
 * reads a file (trimmed), so secrets never sit on the command line or in the target file. Messages name the
 * variable or file, never the value.
 */
export function resolveSecret(value: string, env: NodeJS.ProcessEnv, baseDir: string, where: { file?: string; path: string }): string {
  if (value.startsWith('file:')) {
    const file = resolve(baseDir, value.slice('file:'.length));
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw inputError(`cannot read credential file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, where, 'check the path and permissions');
    }
  }
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const resolved = env[name];
    if (resolved === undefined || resolved === '') {
      throw inputError(`environment variable ${name} is not set`, where, `export ${name} before running (it holds a credential for the target)`);
    }
    return resolved;
  });
}

/** Replaces every resolved secret in `text` by `***`: a last guard for error messages that quote a server. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}
