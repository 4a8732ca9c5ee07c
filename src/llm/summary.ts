import type { TechniqueId } from '../atlas/ids.ts';
import type { Attempt } from './execute.ts';
import { FAMILIES, type Family } from './probe.ts';
import { wilson } from './stats.ts';
import type { Baseline } from './judge/verdict.ts';

export interface TechniqueStats {
  technique: TechniqueId;
  attempts: number;
  successes: number;
  rate: number;
  /** 95% Wilson interval of the success rate. */
  interval: [number, number];
  /** The successful probe that took the fewest requests, with the request numbers to look at. */
  cheapest?: { probe: string; requests: number; requestNumbers: number[] };
  requests: number;
  tokens: number;
}

export interface FamilyStats {
  family: Family;
  attempts: number;
  successes: number;
  /** Every probe of the fixed plan ran (the search may have been cut short). */
  completed: boolean;
  skipped?: string;
  exploited: TechniqueId[];
}

export interface CampaignResult {
  seed: number;
  budget: number;
  requests: number;
  tokens: number;
  /** Completion tokens and latency of ordinary answers, when resource exhaustion was probed. */
  baseline?: Baseline;
  stopped?: 'budget' | 'aborted' | 'target-error';
  error?: string;
  techniques: TechniqueStats[];
  families: FamilyStats[];
  attempts: Attempt[];
}

export function summarise(input: { selected: Family[]; attempts: Attempt[]; skipped: { family: Family; reason: string }[]; completed: Family[]; requests: number; budget: number; seed: number; stopped?: CampaignResult['stopped']; error?: string; baseline?: Baseline }): CampaignResult {
  const { attempts } = input;
  const byTechnique = new Map<TechniqueId, Attempt[]>();
  for (const a of attempts) for (const t of new Set([...a.techniques, ...a.exploited])) byTechnique.set(t, [...(byTechnique.get(t) ?? []), a]);
  const techniques = [...byTechnique.entries()]
    .map(([technique, list]): TechniqueStats => {
      const wins = list.filter((a) => a.exploited.includes(technique));
      const cheapest = [...wins].sort((x, y) => x.requests - y.requests)[0];
      return {
        technique,
        attempts: list.length,
        successes: wins.length,
        rate: list.length ? wins.length / list.length : 0,
        interval: wilson(wins.length, list.length),
        ...(cheapest ? { cheapest: { probe: cheapest.probe, requests: cheapest.requests, requestNumbers: requestNumbers(cheapest) } } : {}),
        requests: list.reduce((n, a) => n + a.requests, 0),
        tokens: list.reduce((n, a) => n + a.tokens, 0),
      };
    })
    .sort((a, b) => a.technique.localeCompare(b.technique));
  const families = FAMILIES.flatMap((family): FamilyStats[] => {
    const list = attempts.filter((a) => a.family === family);
    const skip = input.skipped.find((s) => s.family === family);
    if (!input.selected.includes(family)) return [];
    return [{ family, attempts: list.length, successes: list.filter((a) => a.success).length, completed: input.completed.includes(family), ...(skip ? { skipped: skip.reason } : {}), exploited: [...new Set(list.flatMap((a) => a.exploited))].sort() }];
  });
  return {
    seed: input.seed,
    budget: input.budget,
    requests: input.requests,
    tokens: attempts.reduce((n, a) => n + a.tokens, 0),
    ...(input.baseline ? { baseline: input.baseline } : {}),
    ...(input.stopped ? { stopped: input.stopped } : {}),
    ...(input.error ? { error: input.error } : {}),
    techniques,
    families,
    attempts,
  };
}

/** The request numbers of the turns whose verdicts succeeded (all of the probe's when none did). */
export function requestNumbers(a: Attempt): number[] {
  const wins = a.verdicts.filter((v) => v.success).map((v) => v.request);
  return wins.length ? [...new Set(wins)] : a.turns.flatMap((t) => (t.request !== undefined ? [t.request] : []));
}
