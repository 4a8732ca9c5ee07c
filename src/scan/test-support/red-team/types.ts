import type { ScanLimits } from '../../types.ts';

/**
 * The red-team corpus: files an attacker would hand a model hub, each built by our own writers so the
 * corpus regenerates anywhere (no checked-in binaries). A hostile file runs code, reads or writes files,
 * or fetches code when its loader opens it; a benign file is what an honest framework writes in the same
 * shape — the scanner must call the first dangerous and the second clean.
 */
export interface RedTeamCase {
  name: string;
  /** The format class it attacks: pickle, keras, chat-template, container, … */
  kind: string;
  /** File name handed to the scanner (extensions decide only for `.py`/`.jinja`; the rest is sniffed). */
  file: string;
  bytes: Uint8Array;
  /** `inconclusive` only for denial-of-service files: the scan must end within its caps and say why. */
  expect: 'dangerous' | 'clean' | 'inconclusive';
  /** Smaller caps than the defaults, so a denial-of-service case reaches its cap quickly. */
  limits?: Partial<ScanLimits>;
  /** How the payload runs, in one line (for the reader of a failure). */
  how: string;
}

export const MARKER = 'touch rampart-red-team';
