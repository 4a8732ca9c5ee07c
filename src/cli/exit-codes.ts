import type { ErrorKind } from '../errors.ts';

/** The CLI's exit codes, in one place (PRODUCT.md, "Interfaces"). */
export const EXIT = {
  ok: 0,
  /** Findings over the gate, or a policy violated. */
  findings: 1,
  /** Usage or input error. */
  usage: 2,
  /** Inconclusive: work could not reach a verdict (e.g. a file the scanner could not fully read). */
  inconclusive: 3,
  /** Unexpected internal error: a bug, reported with its stack. */
  internal: 70,
} as const;

export function exitCodeFor(kind: ErrorKind): number {
  switch (kind) {
    case 'input':
    case 'usage':
    case 'store':
    case 'target':
      return EXIT.usage;
  }
}
