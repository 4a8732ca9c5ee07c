import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed deliveries, MLflow's scheme (OSS MLflow 3.x webhooks), used for every trigger: the signature header is
 * `v1,<base64 HMAC-SHA256(secret, "<delivery id>.<timestamp>.<raw body>")>` and the timestamp is Unix seconds.
 * Signing the delivery id and the timestamp with the body means neither can be swapped; the timestamp window stops a
 * captured delivery from being replayed later, and the delivery id (the job's key) makes a replay within the window
 * start nothing new.
 */
export const SIGNATURE_VERSION = 'v1';
export const DEFAULT_WINDOW_SECONDS = 300;

export function sign(secret: string, deliveryId: string, timestamp: string, body: string): string {
  return `${SIGNATURE_VERSION},${digest(secret, deliveryId, timestamp, body).toString('base64')}`;
}

export interface Delivery {
  signature: string | undefined;
  deliveryId: string | undefined;
  timestamp: string | undefined;
  body: string;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export function verifyDelivery(secret: string, delivery: Delivery, now: Date, windowSeconds = DEFAULT_WINDOW_SECONDS): Verdict {
  const { signature, deliveryId, timestamp, body } = delivery;
  if (!signature || !deliveryId || !timestamp) return { ok: false, reason: 'missing signature, delivery id or timestamp header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'timestamp is not Unix seconds' };
  const skew = Math.abs(now.getTime() / 1_000 - Number(timestamp));
  if (skew > windowSeconds) return { ok: false, reason: `timestamp is ${Math.round(skew)} s from the server's clock (window ${windowSeconds} s)` };
  const expected = digest(secret, deliveryId, timestamp, body);
  // Any of several space-separated signatures may match (a sender rotating its secret signs with both).
  const matches = signature.split(' ').some((entry) => {
    const [version, value = ''] = entry.split(',', 2);
    if (version !== SIGNATURE_VERSION) return false;
    const given = Buffer.from(value, 'base64');
    // timingSafeEqual needs equal lengths; a wrong length is refused without comparing, which reveals only the length of a SHA-256.
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

function digest(secret: string, deliveryId: string, timestamp: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${body}`).digest();
}
