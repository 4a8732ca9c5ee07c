import { parse } from 'yaml';
import { correlate, type Correlation, type CorrelationHit } from '../sigma/correlate.ts';
import { compileDetection, type Detection, type Event } from '../sigma/match.ts';

/**
 * Runs a written Sigma file (one detection rule, optionally followed by a correlation rule) over events, the way
 * a SIEM would: the detection alone flags events; with a correlation, the groups it fires for.
 */
export interface RuleRun {
  matched: Event[];
  hits: CorrelationHit[] | undefined;
}

export function runSigmaFile(yamlText: string, events: readonly Event[], timeField = 'time'): RuleRun {
  const docs = yamlText.split(/^---\n/m).map((d) => parse(d) as Record<string, unknown>);
  const [rule, correlation] = docs;
  if (!rule) throw new Error('no rule in the file');
  const matcher = compileDetection(rule.detection as Detection);
  const matched = events.filter(matcher);
  if (!correlation) return { matched, hits: undefined };
  const hits = correlate(correlation.correlation as Correlation, new Map([[String(rule.name), matcher]]), timeField, events);
  return { matched, hits };
}
