import type { Progress } from '../checks/contract.ts';

/**
 * A one-line progress bar with an ETA on stderr. Silent when stderr is not a terminal (CI logs, pipes);
 * uses no colour, so NO_COLOR needs nothing more.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress & { done(): void } {
  const started = now();
  let drawn = false;
  let last = 0;
  return {
    update(done, total, label = '') {
      if (!stream.isTTY || total <= 0) return;
      const t = now();
      if (t - last < 100 && done < total) return;
      last = t;
      const share = Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(share * width);
      const elapsed = (t - started) / 1000;
      const eta = done > 0 ? (elapsed / done) * (total - done) : NaN;
      const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}  ${formatSeconds(elapsed)} elapsed, ETA ${formatSeconds(eta)}`;
      stream.write(`\r${text.padEnd(80)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r'.padEnd(81) + '\r');
    },
  };
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
