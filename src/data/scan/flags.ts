/** What a scan flags a row for. */
export type FlagKind = 'label-issue' | 'backdoor' | 'duplicate' | 'leakage' | 'outlier';

export const FLAG_KINDS: readonly FlagKind[] = ['label-issue', 'backdoor', 'duplicate', 'leakage', 'outlier'];

/** One flagged row, by its index in the loaded table; the report turns it into file and row. */
export interface Flag {
  kind: FlagKind;
  index: number;
  /** 0–1, higher is more certain. */
  score: number;
  reason: string;
}
