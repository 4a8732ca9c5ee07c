import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import type { Detector } from '../../../monitor/detector.ts';
import { refOf } from '../../../monitor/event.ts';

export const ToolDestinationsParams = z.strictObject({
  allowHosts: z.array(z.string().min(1)).default([]).describe('hosts (and their subdomains) and e-mail domains tool calls may reach; empty: learn them from the first `learn` tool calls'),
  learn: z.number().int().min(0).default(200).describe('without allowHosts, destinations of the first this many tool calls are taken as expected'),
  maxHosts: z.number().int().min(10).default(10_000).describe('destinations remembered when learning'),
});
export type ToolDestinationsParams = z.output<typeof ToolDestinationsParams>;

const T0086 = 'AML.T0086' as TechniqueId;
// Services used to receive exfiltrated data in published agent attacks: never expected.
const DROP_SITES = /(?:^|\.)(?:webhook\.site|requestbin\.(?:com|net)|pipedream\.net|ngrok(?:-free)?\.(?:io|app)|interact\.sh|oast\.(?:fun|me|pro|live|site|online)|burpcollaborator\.net|pastebin\.com|transfer\.sh)$/i;

/** Hosts of URLs and domains of e-mail addresses in a tool call's arguments. */
export function destinations(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s/@"']*@)?(\[[0-9a-f:]+\]|[^\s/:?#"'\\]+)/gi)) out.add((m[1] as string).toLowerCase());
  for (const m of text.matchAll(/\b[\w.+-]+@([\w-]+(?:\.[\w-]+)+)\b/g)) out.add((m[1] as string).toLowerCase());
  return [...out];
}

const allowed = (host: string, list: readonly string[]): boolean => list.some((a) => host === a.toLowerCase() || host.endsWith(`.${a.toLowerCase()}`));

/**
 * Tool calls that reach unexpected destinations (AML.T0086): every URL host and e-mail domain in a call's
 * arguments against the allowed list — or, without one, against those seen in the first `learn` calls —
 * and known drop sites always. Memory: the learned set, capped.
 */
export function toolDestinationsDetector(params: ToolDestinationsParams): Detector {
  const learned = new Set<string>();
  let calls = 0;
  return {
    memory: () => ({ clients: 0, evicted: 0 }),
    observe(event, raise) {
      for (const call of event.toolCalls ?? []) {
        calls++;
        const hosts = destinations(call.arguments);
        const learning = params.allowHosts.length === 0 && calls <= params.learn;
        const unexpected = hosts.filter((h) => DROP_SITES.test(h) || (!learning && !(params.allowHosts.length > 0 ? allowed(h, params.allowHosts) : learned.has(h))));
        if (learning) for (const h of hosts) if (learned.size < params.maxHosts && !DROP_SITES.test(h)) learned.add(h);
        if (unexpected.length === 0) continue;
        raise({
          techniques: [T0086],
          severity: 'high',
          summary: `tool call ${call.name} for ${event.client} reaches ${unexpected.join(', ')}, ${params.allowHosts.length > 0 ? 'outside the allowed destinations' : 'not among the destinations tool calls normally reach'}`,
          evidence: [refOf(event, `${call.name} → ${unexpected.join(', ')}`)],
        });
      }
    },
  };
}
