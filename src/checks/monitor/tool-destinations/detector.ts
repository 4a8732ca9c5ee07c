import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import type { Detector } from '../../../monitor/detector.ts';
import { refOf } from '../../../monitor/event.ts';
import { ToolHabits } from './habits.ts';

export const ToolDestinationsParams = z.strictObject({
  allowHosts: z.array(z.string().min(1)).default([]).describe('hosts (and their subdomains) and e-mail domains tool calls may reach; empty: learn them from the first `learn` tool calls'),
  learn: z.number().int().min(0).default(200).describe('without allowHosts, destinations of the first this many tool calls are taken as expected'),
  maxHosts: z.number().int().min(10).default(10_000).describe('destinations remembered when learning'),
  openTool: z.number().int().min(2).default(20).describe('without allowHosts, a tool whose calls reached this many destinations or more (a browsing or fetching tool) is open: a new URL host on it is flagged only when the URL looks like a drop (an IP address, a long encoded value in it)'),
});
export type ToolDestinationsParams = z.output<typeof ToolDestinationsParams>;

const T0086 = 'AML.T0086' as TechniqueId;
// Services used to receive exfiltrated data in published agent attacks: never expected.
const DROP_SITES = /(?:^|\.)(?:webhook\.site|requestbin\.(?:com|net)|pipedream\.net|ngrok(?:-free)?\.(?:io|app)|interact\.sh|oast\.(?:fun|me|pro|live|site|online)|burpcollaborator\.net|pastebin\.com|transfer\.sh)$/i;

/** A destination in a tool call's arguments: a URL's host (and the URL), or an e-mail address's domain. */
export interface Destination {
  host: string;
  url?: string;
}

/** Hosts of URLs (with the URL) and domains of e-mail addresses in a tool call's arguments. */
export function destinationsOf(text: string): Destination[] {
  const out: Destination[] = [];
  for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s/@"']*@)?(\[[0-9a-f:]+\]|[^\s/:?#"'\\]+)[^\s"'\\]*/gi)) out.push({ host: (m[1] as string).toLowerCase(), url: m[0] });
  for (const m of text.matchAll(/\b[\w.+-]+@([\w-]+(?:\.[\w-]+)+)\b/g)) out.push({ host: (m[1] as string).toLowerCase() });
  return out;
}

/** A URL that looks like a drop rather than a page: an IP address for a host, or a long encoded value in it. */
function dropLike(d: Destination): boolean {
  if (!d.url) return false;
  if (/^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\])$/i.test(d.host)) return true;
  return /[?&/=][A-Za-z0-9+/_%-]{40,}={0,2}(?:$|[&#])/.test(d.url) || /%7B|\{[a-z_]+\}/i.test(d.url);
}

const allowed = (host: string, list: readonly string[]): boolean => list.some((a) => host === a.toLowerCase() || host.endsWith(`.${a.toLowerCase()}`));

/**
 * Tool calls that reach unexpected destinations (AML.T0086): every URL host and e-mail domain in a call's
 * arguments against the allowed list, and known drop sites always. Without a list, the expected ones are those the
 * first `learn` calls reached, and those two clients or more have reached since (one client cannot make its own
 * drop usual by repeating it); and a tool that reaches many destinations (a browser, a fetcher: `openTool`) is
 * judged by the URL alone, since every page it opens is new. Memory: the learned destinations, capped.
 */
export function toolDestinationsDetector(params: ToolDestinationsParams): Detector {
  const habits = new ToolHabits(params.maxHosts);
  let calls = 0;
  return {
    memory: () => ({ clients: 0, evicted: 0 }),
    observe(event, raise) {
      for (const call of event.toolCalls ?? []) {
        calls++;
        const found = destinationsOf(call.arguments);
        const listed = params.allowHosts.length > 0;
        const learning = !listed && calls <= params.learn;
        const open = !listed && habits.distinct(call.name) >= params.openTool;
        const unexpected = [
          ...new Set(
            found
              .filter((d) => DROP_SITES.test(d.host) || (listed ? !allowed(d.host, params.allowHosts) : !learning && !habits.usual(d.host) && (!open || !d.url || dropLike(d))))
              .map((d) => d.host),
          ),
        ];
        if (!listed) for (const d of found) if (!DROP_SITES.test(d.host)) habits.note(call.name, d.host, event.client, learning);
        if (unexpected.length === 0) continue;
        raise({
          techniques: [T0086],
          severity: 'high',
          summary: `tool call ${call.name} for ${event.client} reaches ${unexpected.join(', ')}, ${listed ? 'outside the allowed destinations' : 'not among the destinations tool calls normally reach'}`,
          evidence: [refOf(event, `${call.name} → ${unexpected.join(', ')}`)],
        });
      }
    },
  };
}
