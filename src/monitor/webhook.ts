import type { Alert } from './alerts.ts';

/**
 * Posts each alert as JSON to a URL as it opens, one at a time in order. A failing or slow receiver never
 * stops the stream: failures are counted and told to `warn`; past `maxPending` queued alerts new ones are
 * dropped (and counted).
 */
export function webhookPoster(url: string, warn: (message: string) => void, options: { timeoutMs?: number; maxPending?: number; fetch?: typeof fetch } = {}) {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxPending = options.maxPending ?? 1_000;
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  const counts = { sent: 0, failed: 0, dropped: 0 };
  return {
    counts,
    post(alert: Alert): void {
      if (pending >= maxPending) {
        counts.dropped++;
        return;
      }
      pending++;
      chain = chain.then(async () => {
        try {
          const response = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alert), signal: AbortSignal.timeout(timeoutMs) });
          await response.body?.cancel().catch(() => undefined);
          if (response.ok) counts.sent++;
          else {
            counts.failed++;
            warn(`webhook ${url} answered ${response.status} to alert ${alert.id}`);
          }
        } catch (error) {
          counts.failed++;
          warn(`webhook ${url} failed for alert ${alert.id}: ${(error as Error).message}`);
        } finally {
          pending--;
        }
      });
    },
    /** Waits for every queued post. */
    flush: (): Promise<void> => chain,
  };
}
