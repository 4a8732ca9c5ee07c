import type { EventField } from './event.ts';
import { eventsOf } from './extract.ts';
import { CONTENT_FIELDS, countFields, emptyFieldCounts, missingFields, type FieldCounts } from './field-counts.ts';
import { presetMapping } from './mapping.ts';
import { PRESET_NAMES, type PresetName } from './presets.ts';

/** A detector that judged nothing in a run: none of the events carried a field it requires. */
export interface Unjudged {
  detector: string;
  missing: EventField[];
}

/** The detectors (id and the fields each requires) that saw nothing to judge, given what the events carried. */
export function unjudgedDetectors(detectors: readonly { id: string; requires: readonly EventField[] }[], counts: FieldCounts): Unjudged[] {
  return detectors.flatMap(({ id, requires }) => {
    const missing = missingFields(requires, counts);
    return missing.length > 0 ? [{ detector: id, missing }] : [];
  });
}

/** Whether the detector reads what an event says (inputs, prompts, replies…), not only when it came. */
export const readsContent = (requires: readonly EventField[]): boolean => requires.some((f) => CONTENT_FIELDS.includes(f));

/**
 * The preset under which the sample lines give the most content fields, when that is not the mapping in use:
 * what to suggest when a log was read with the wrong mapping (KServe payloads under the default `rampart`).
 */
export function presetFor(samples: readonly string[], current: string): PresetName | undefined {
  let best: { name: PresetName; score: number } | undefined;
  for (const name of PRESET_NAMES) {
    if (name === current) continue;
    const counts = emptyFieldCounts();
    const mapping = presetMapping(name);
    for (const text of samples) {
      try {
        for (const event of eventsOf(JSON.parse(text) as unknown, mapping, 'sample', 0)) countFields(counts, event);
      } catch {
        // A line this preset cannot map says nothing for it.
      }
    }
    const score = CONTENT_FIELDS.reduce((s, f) => s + (counts[f as keyof FieldCounts] > 0 ? 1 : 0), 0);
    if (score > 0 && (!best || score > best.score)) best = { name, score };
  }
  return best?.name;
}

/** What a finished run says about the detectors that could not judge it: an error when none that reads content could, else warnings. */
export interface Judgement {
  unjudged: Unjudged[];
  /** Nothing a content detector could read, and none was asked for by name: a mapping that misreads the log. */
  error?: { problem: string; hint: string };
  warnings: string[];
}

export function judgeRun(input: {
  detectors: readonly { id: string; requires: readonly EventField[] }[];
  /** Whether the detectors were chosen by name (`--detectors`): then each blind one is worth a word. */
  chosen: boolean;
  events: number;
  counts: FieldCounts;
  mapping: string;
  samples: readonly string[];
}): Judgement {
  const unjudged = input.events === 0 ? [] : unjudgedDetectors(input.detectors, input.counts);
  // Every detector keeps its state per client: a log whose client field the mapping misses is one mixed stream.
  const anonymous = input.events > 0 && input.counts.client === 0 ? [`no event named its client under mapping ${input.mapping}: all ${input.events} are judged as one client, "unknown" — name the API key, user or address field in a mapping (fields.client)`] : [];
  if (unjudged.length === 0) return { unjudged, warnings: anonymous };
  const blind = new Set(unjudged.map((u) => u.detector));
  const judging = input.detectors.filter((d) => !blind.has(d.id));
  const preset = presetFor(input.samples, input.mapping);
  const hint = preset
    ? `these lines look like --mapping ${preset}`
    : input.mapping === 'rampart' && input.samples.some(isQueryLogWithoutInputs)
      ? 'a Rampart query log written without inputs: re-run the attack with --query-log-inputs (or queryLog: { path, includeInputs: true } in the target file)'
      : 'write a mapping naming the log fields (src/monitor/README.md, Mapping format)';
  const fields = [...new Set(unjudged.flatMap((u) => u.missing))].join(', ');
  if (judging.length === 0 || (!input.chosen && !judging.some((d) => readsContent(d.requires)))) {
    const only = judging.length > 0 ? `only ${judging.map((d) => d.id).join(', ')} could judge them` : 'no detector could judge them';
    return {
      unjudged,
      warnings: anonymous,
      error: {
        problem: `none of the ${input.events} event(s) carried ${fields} under mapping ${input.mapping}: ${only}, so no alert means nothing`,
        hint: `${hint}${judging.length > 0 && !input.chosen ? `; if the log holds nothing else, ask for it by name (--detectors ${judging.map((d) => d.id).join(',')})` : ''}`,
      },
    };
  }
  // A detector worth a word: asked for by name, or one whose log has part of what it needs (inputs, no labels).
  const partial = unjudged.filter((u) => input.chosen || u.missing.length < (input.detectors.find((d) => d.id === u.detector)?.requires.filter((f) => f !== 'client').length ?? 0));
  return { unjudged, warnings: [...anonymous, ...partial.map((u) => `${u.detector} judged nothing: no event carried ${u.missing.join(', ')} under mapping ${input.mapping} (${hint})`)] };
}

/** A prediction entry of Rampart's own query log (labels and timings, no `x`): `includeInputs` was off. */
function isQueryLogWithoutInputs(text: string): boolean {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    return o !== null && typeof o === 'object' && 'labels' in o && 'target' in o && !('x' in o);
  } catch {
    return false;
  }
}
