import type { RuleId } from '../rules.ts';
import type { Cursor } from './cursor.ts';
import type { Global, Value } from './values.ts';
import type { Machine } from './machine.ts';

/** What the pickle machine reports to its host, what it returns per stream, and how it fails. */
export interface At {
  offset: number;
  opcode: string;
}

export interface MachineHost {
  import(g: Global, at: At): void;
  /** A call the unpickler would make; returns the symbolic result. */
  call(callee: Value, args: Value[], at: At, kwargs?: Value): Value;
  /** BUILD: may consume raw bytes that follow (joblib arrays) through `cursor`. */
  build(target: Value, state: Value, at: At, cursor: Cursor, machine: Machine): void;
  /** APPEND/SETITEM/ADDITEMS on something that is not a plain container. */
  mutate(target: Value, at: At): void;
  anomaly(rule: RuleId, message: string, at: At): void;
  /** STACK_GLOBAL whose operands are not both constant strings. */
  computedImport(module: Value, name: Value, at: At): void;
}

export type StreamEnd = 'stop' | 'truncated' | 'error' | 'limit' | 'not-pickle';

export interface StreamResult {
  end: StreamEnd;
  /** Offset of the failing opcode or just past STOP. */
  offset: number;
  message?: string;
  ops: number;
  protocol: number;
  result?: Value;
}

export interface MachineLimits {
  maxStack: number;
  /** Memo entries kept (globals, calls and the constants within the budget). */
  maxMemo: number;
  /** Estimated bytes of memoized constants kept; past it they are remembered only as present. */
  maxMemoBytes?: number;
  deadline: number;
}

/** Default for `maxMemoBytes`. */
export const MEMO_BYTES = 4 * 1024 * 1024;

/** A malformed stream: the unpickler would raise. */
export class PickleError extends Error {}
/** A scan limit (stack, memo, marks) was reached: the stream is not fully read. */
export class LimitError extends Error {}

export function stackLimit(max: number): LimitError {
  return new LimitError(`stack exceeds ${max} items`);
}
