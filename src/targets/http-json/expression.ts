import jsonata from 'jsonata';
import { inputError } from '../../errors.ts';
import { ProtocolError } from '../guarded-target.ts';

/**
 * A JSONata expression from a target file. JSONata is side-effect free (no I/O, no host access), and the
 * evaluation is time-boxed so a runaway expression in a file cannot hang an attack.
 */
export interface Expression {
  readonly source: string;
  evaluate(value: unknown): Promise<unknown>;
}

const TIMEOUT_MS = 2_000;
const STACK = 200;

/** Compiles at open time, so a syntax error is an input error naming the key and the position. */
export function compileExpression(source: string, path: string): Expression {
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(source, { timeout: TIMEOUT_MS, stack: STACK });
  } catch (error) {
    const e = error as { message?: string; position?: number };
    throw inputError(`JSONata syntax error at character ${e.position ?? '?'}: ${e.message ?? String(error)}`, { path }, 'see https://docs.jsonata.org for the syntax; test the expression on a saved response first');
  }
  return {
    source,
    async evaluate(value) {
      try {
        return normalise(await compiled.evaluate(value));
      } catch (error) {
        throw new ProtocolError(`JSONata at ${path} (${JSON.stringify(source.length > 60 ? `${source.slice(0, 60)}…` : source)}) failed: ${(error as Error).message}`);
      }
    },
  };
}

/** JSONata's sequences are arrays with extra properties; plain copies keep later checks simple. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}
