import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { dependencyOf, parseRequirement } from '../pep508.ts';
import type { Dependency, ManifestProblem, ManifestRead } from '../types.ts';

/** pip options that take a value and name no package; skipped. */
const valueOptions = new Set(['-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--trusted-host', '--no-binary', '--only-binary', '--use-feature', '--progress-bar']);
const flagOptions = new Set(['--pre', '--prefer-binary', '--require-hashes', '--no-index', '--no-deps']);
/** Options that may follow a requirement on its line. */
const perRequirement = /\s--(hash|global-option|install-option|config-settings)(=|\s+)\S+/g;

/** A logical line of a requirements file: continuations joined, comments gone, with the line it started on. */
interface Logical {
  text: string;
  line: number;
}

function logicalLines(source: string): Logical[] {
  const out: Logical[] = [];
  let pending: Logical | undefined;
  source.split(/\r?\n/).forEach((raw, index) => {
    const continued = raw.endsWith('\\');
    const body = continued ? raw.slice(0, -1) : raw;
    pending = pending ? { text: `${pending.text} ${body}`, line: pending.line } : { text: body, line: index + 1 };
    if (continued) return;
    const text = pending.text.replace(/(^|\s)#.*$/, '').trim();
    if (text) out.push({ text, line: pending.line });
    pending = undefined;
  });
  if (pending?.text.trim()) out.push({ text: pending.text.trim(), line: pending.line });
  return out;
}

/**
 * Reads a pip requirements file as pip does: `-r`/`-c` includes (relative to the including file, each file
 * once), continuations, comments, per-requirement `--hash` options, environment markers. Only `==`/`===`
 * pins are versions; anything else is kept as a specifier.
 */
export async function readRequirements(file: string, seen = new Set<string>()): Promise<ManifestRead> {
  const path = resolve(file);
  const dependencies: Dependency[] = [];
  const problems: ManifestProblem[] = [];
  if (seen.has(path)) return { dependencies, problems };
  seen.add(path);
  const source = await readFile(path, 'utf8');
  for (const { text, line } of logicalLines(source)) {
    const origin = { file, line };
    const include = /^(?:-r|--requirement|-c|--constraint)(?:=|\s+)(\S+)$/.exec(text);
    if (include?.[1]) {
      const target = resolve(dirname(path), include[1]);
      try {
        const nested = await readRequirements(target, seen);
        dependencies.push(...nested.dependencies);
        problems.push(...nested.problems);
      } catch (error) {
        problems.push({ origin, problem: `cannot read included file ${include[1]}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      }
      continue;
    }
    const [option = ''] = text.split(/[\s=]/, 1);
    if (valueOptions.has(option) || flagOptions.has(option)) continue;
    if (option === '-e' || option === '--editable' || /^(\.{0,2}\/|[a-z+]+:\/\/|git\+)/i.test(text)) {
      problems.push({ origin, problem: `"${text}" installs from a path or URL: no version to match (pin it by name to have it checked)` });
      continue;
    }
    if (text.startsWith('-')) {
      problems.push({ origin, problem: `unknown pip option "${option}"` });
      continue;
    }
    const parsed = parseRequirement(text.replace(perRequirement, ''));
    if ('problem' in parsed) {
      problems.push({ origin, problem: parsed.problem });
      continue;
    }
    dependencies.push(dependencyOf(parsed, origin));
  }
  return { dependencies, problems };
}
