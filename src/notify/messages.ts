import type { ReviewDiff, FindingOutline } from '../review/diff.ts';
import type { Waiver } from '../review/waivers.ts';

/** A Slack-compatible incoming-webhook body: `text` for notifications and clients without blocks, blocks for the rest. */
export interface SlackMessage {
  text: string;
  blocks: { type: 'section' | 'header' | 'context'; text: { type: 'mrkdwn' | 'plain_text'; text: string } }[];
}

const LIST_LIMIT = 10;

/** Critical findings the newer review has that the older did not have as critical (all of its critical ones on a first review). */
export function newCriticalFindings(newer: readonly FindingOutline[], diff: ReviewDiff | undefined): FindingOutline[] {
  if (!diff) return newer.filter((f) => f.risk.level === 'critical');
  const fresh = new Set([...diff.new.map((f) => f.id), ...diff.regressed.filter((c) => c.before.level !== 'critical').map((c) => c.id)]);
  return newer.filter((f) => f.risk.level === 'critical' && fresh.has(f.id));
}

export function criticalMessage(organisation: string, reviewId: number, findings: readonly FindingOutline[]): SlackMessage {
  const text = `${organisation}: ${findings.length} new critical finding${findings.length === 1 ? '' : 's'} in review ${reviewId}`;
  return message(text, findings.map((f) => `• *${f.assetId}* · ${f.techniqueId} · ${f.coverage} · risk ${f.risk.score}`));
}

/** Regressions the organisation caused (not ones an ATLAS upgrade explains). */
export function regressionsMessage(organisation: string, reviewId: number, diff: ReviewDiff): SlackMessage | undefined {
  const regressed = diff.regressed.filter((c) => c.cause === 'organisation');
  if (regressed.length === 0) return undefined;
  const text = `${organisation}: ${regressed.length} finding${regressed.length === 1 ? '' : 's'} regressed in review ${reviewId}`;
  return message(text, regressed.map((c) => `• *${c.assetId}* · ${c.techniqueId}: ${c.before.coverage} → ${c.after.coverage}, ${c.before.level} → ${c.after.level}${c.reasons[0] ? ` (${c.reasons[0]})` : ''}`));
}

export function expiringMessage(organisation: string, waivers: readonly Waiver[], withinDays: number): SlackMessage {
  const text = `${organisation}: ${waivers.length} waiver${waivers.length === 1 ? '' : 's'} expire${waivers.length === 1 ? 's' : ''} within ${withinDays} days`;
  return message(text, waivers.map((w) => `• *${w.findingId}* expires ${w.expires} (approved by ${w.approver})`));
}

function message(text: string, lines: readonly string[]): SlackMessage {
  const shown = lines.slice(0, LIST_LIMIT);
  const more = lines.length - shown.length;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escape(text)}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: shown.map(escape).join('\n') || '—' } },
      ...(more > 0 ? [{ type: 'context' as const, text: { type: 'mrkdwn' as const, text: `and ${more} more` } }] : []),
    ],
  };
}

/** Slack's three control characters in mrkdwn; the asterisks we add ourselves stay. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
