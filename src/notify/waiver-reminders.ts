import type { Store } from '../store/connection.ts';
import { notifyExpiringWaivers } from './notify.ts';
import { webhookSender } from './send.ts';

const DAY_MS = 86_400_000;

export interface WaiverReminders {
  /** The round run at start (tests wait for it). */
  first: Promise<void>;
  /** No more rounds; resolves when the one running (if any) has ended, so the store can close after it. */
  stop(): Promise<void>;
}

/**
 * The server's look for waivers about to expire: at start, then once a day. Each set of expiring waivers is announced
 * once (`notifyExpiringWaivers` records what it sent), so a restart or a second server sends nothing twice.
 */
export function remindExpiringWaivers(store: Store, url: string, { clock = () => new Date(), onError = () => undefined, everyMs = DAY_MS }: { clock?: () => Date; onError?: (error: unknown) => void; everyMs?: number } = {}): WaiverReminders {
  const send = webhookSender(url);
  let running: Promise<void> = Promise.resolve();
  const round = () => (running = running.then(() => notifyExpiringWaivers(store, send, { now: clock() }).then(() => undefined, onError)));
  const first = round();
  const timer = setInterval(round, everyMs);
  // The server's life is the HTTP listener's, not this timer's.
  timer.unref();
  return {
    first,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
