import type { Store } from '../store/connection.ts';
import { notifyReview } from './notify.ts';
import { webhookSender } from './send.ts';

/** The jobs' `afterReview` for a Slack-compatible webhook URL: new critical findings and regressions of each stored review. */
export function notifyAfterReview(store: Store, url: string, onError: (error: unknown) => void = () => undefined): (reviewId: number) => Promise<void> {
  const send = webhookSender(url);
  return async (reviewId) => {
    await notifyReview(store, reviewId, send).catch(onError);
  };
}
