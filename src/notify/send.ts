import type { Executor } from '../store/executor.ts';
import type { SlackMessage } from './messages.ts';

export type Send = (message: SlackMessage) => Promise<void>;

/** POST the message as JSON to a Slack-compatible incoming webhook; anything but 2xx is an error. */
export function webhookSender(url: string, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Send {
  return async (message) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message), signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`the notification webhook answered ${response.status} ${response.statusText}`);
    await response.body?.cancel();
  };
}

/**
 * Send once per key: the key is recorded only after the webhook took the message, so a failed send is tried again next
 * time, and a sent one never twice (two servers racing: the loser's insert finds the key and it sends nothing).
 */
export async function sendOnce(exec: Executor, key: string, kind: string, message: SlackMessage, send: Send): Promise<boolean> {
  const seen = await exec.executeSql('select 1 from notification where key = $1', [key]);
  if (seen.rows.length > 0) return false;
  await send(message);
  const recorded = await exec.executeSql('insert into notification (key, kind, body) values ($1, $2, $3::jsonb) on conflict (key) do nothing returning key', [key, kind, JSON.stringify(message)]);
  return recorded.rows.length > 0;
}
