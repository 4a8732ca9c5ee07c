import type { TechniqueId } from '../atlas/ids.ts';
import { usageError } from '../errors.ts';
import { createRng } from '../ml/rng.ts';
import { BudgetExhaustedError } from '../targets/prediction-target.ts';
import { DEFAULT_BUDGET } from './campaign-budget.ts';
import type { LlmApp } from './chat.ts';
import { missingNeed, runProbe, type Attempt } from './execute.ts';
import { buildProbe, specsFor, type ProbeSpec } from './library.ts';
import { fixedPlan, key, leaksOut, mutate } from './plan.ts';
import { FAMILIES, type Family } from './probe.ts';
import { summarise, type CampaignResult } from './summary.ts';
import type { Baseline } from './judge/verdict.ts';
import type { Transform } from './transforms.ts';

export interface CampaignOptions {
  /** Families (`jailbreak`) or base probes (`jailbreak/refused-1`); every family when omitted. */
  probes?: readonly string[];
  /** Requests the campaign may send to the app (default 1,000). */
  budget?: number;
  seed?: number;
  signal?: AbortSignal;
  /** Each transcript as soon as its probe finishes (for JSON Lines). */
  onTranscript?: (attempt: Attempt) => void;
  /** Mutations the adaptive search may try per base probe that has not succeeded yet (default 16). */
  searchPerBase?: number;
}

/** Which families and bases the selection names; a clear error for a name that is neither. */
export function selection(probes: readonly string[] | undefined): Map<Family, Set<string> | 'all'> {
  const out = new Map<Family, Set<string> | 'all'>();
  if (!probes || probes.length === 0) {
    for (const f of FAMILIES) out.set(f, 'all');
    return out;
  }
  for (const name of probes) {
    const [family, base] = name.split('/') as [string, string | undefined];
    if (!(FAMILIES as readonly string[]).includes(family)) throw usageError(`unknown probe family "${family}"`, `use one of ${FAMILIES.join(', ')}, or family/base`);
    const f = family as Family;
    const current = out.get(f);
    if (base === undefined || current === 'all') out.set(f, 'all');
    else out.set(f, new Set([...(current ?? []), base]));
  }
  return out;
}

class Stop extends Error {}

/**
 * Runs the probes of the selected families against one app: the fixed plan first (every base probe with its
 * listed transforms), then an adaptive search that spends what is left mutating the closest misses of each
 * family still unexploited. Seeded: the same seed against the same deterministic app gives the same
 * transcripts. Stops cleanly on budget, abort or a target error, keeping what it has.
 */
export async function runCampaign(app: LlmApp, options: CampaignOptions = {}): Promise<CampaignResult> {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const chosen = selection(options.probes);
  const attempts: Attempt[] = [];
  const skipped: { family: Family; reason: string }[] = [];
  const completed = new Set<Family>();
  let used = 0;
  let stopped: CampaignResult['stopped'];
  let error: string | undefined;
  let baseline: Baseline | undefined;
  const beforeRequest = (): void => {
    if (used >= budget) throw new BudgetExhaustedError(app.target.name, budget);
    used++;
  };
  const run = async (spec: ProbeSpec, transforms: Transform[]): Promise<Attempt> => {
    try {
      const attempt = await runProbe(app, buildProbe(spec, transforms), { beforeRequest, ...(options.signal ? { signal: options.signal } : {}), ...(baseline ? { baseline } : {}) });
      attempts.push(attempt);
      options.onTranscript?.(attempt);
      return attempt;
    } catch (e) {
      const partial = (e as { attempt?: Attempt }).attempt;
      if (partial && partial.requests > 0) {
        attempts.push(partial);
        options.onTranscript?.(partial);
      }
      return stopOn(e);
    }
  };
  const stopOn = (e: unknown): never => {
    if (e instanceof BudgetExhaustedError) stopped = 'budget';
    else if (options.signal?.aborted) stopped = 'aborted';
    else stopped = 'target-error';
    error = e instanceof Error ? e.message : String(e);
    throw new Stop();
  };
  const families = FAMILIES.filter((f) => chosen.has(f));
  const basesOf = (family: Family, specs: ProbeSpec[]): ProbeSpec[] => {
    const wanted = chosen.get(family);
    return wanted === 'all' || wanted === undefined ? specs : specs.filter((s) => wanted.has(s.base));
  };
  try {
    if (families.includes('resource-exhaustion')) baseline = await measureBaseline(app, beforeRequest, options.signal).catch(stopOn);
    for (const family of families) {
      const specs = basesOf(family, specsFor(family, app, rng));
      const reason = specs.length === 0 ? (family === 'jailbreak' ? missingNeed(app, ['refusals']) : undefined) ?? 'no probe of this family was selected' : missingNeed(app, specs[0]?.needs ?? []);
      if (reason) {
        skipped.push({ family, reason });
        continue;
      }
      for (const spec of specs) {
        for (const transforms of fixedPlan(family, spec.base)) {
          // Fresh tokens for every attempt, so no goal string can carry over from an earlier one.
          const fresh = specsFor(family, app, rng).find((s) => s.base === spec.base) ?? spec;
          await run(fresh, transforms);
        }
      }
      completed.add(family);
    }
    await search(app, families.filter((f) => completed.has(f)), attempts, rng, options.searchPerBase ?? 16, run, basesOf);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return summarise({ selected: families, attempts, skipped, completed: [...completed], requests: used, budget, seed, ...(stopped ? { stopped } : {}), ...(error ? { error } : {}), ...(baseline ? { baseline } : {}) });
}

/**
 * The adaptive search: round-robin over every base probe that has not succeeded yet, each step mutating one
 * of that base's closest attempts; a base stops after `perBase` mutations or its first success.
 */
async function search(app: LlmApp, families: Family[], attempts: Attempt[], rng: ReturnType<typeof createRng>, perBase: number, run: (spec: ProbeSpec, t: Transform[]) => Promise<Attempt>, basesOf: (f: Family, s: ProbeSpec[]) => ProbeSpec[]): Promise<void> {
  const tried = new Set(attempts.map((a) => key(a.base, a.transforms)));
  const spent = new Map<string, number>();
  const won = (family: Family, base: string): boolean => attempts.some((a) => a.family === family && a.base === base && a.success);
  let open = families.flatMap((family) => [...new Set(attempts.filter((a) => a.family === family).map((a) => a.base))].map((base) => ({ family, base }))).filter((o) => !won(o.family, o.base));
  while (open.length > 0) {
    for (const { family, base } of open) {
      const id = `${family}/${base}`;
      spent.set(id, (spent.get(id) ?? 0) + 1);
      const spec = basesOf(family, specsFor(family, app, rng)).find((s) => s.base === base);
      const next = spec && mutate(attempts.filter((a) => a.family === family && a.base === base), () => spec.carrier, tried, rng, leaksOut(spec.goal));
      if (!spec || !next) {
        spent.set(id, perBase);
        continue;
      }
      tried.add(key(next.base, next.transforms));
      await run(spec, next.transforms);
    }
    open = open.filter((o) => (spent.get(`${o.family}/${o.base}`) ?? 0) < perBase && !won(o.family, o.base));
  }
}

const BASELINE_QUESTIONS = ['Could you briefly tell me what you can help me with?', 'What is the best way to get in touch with a human agent?'];

/** Completion tokens and latency of ordinary answers: what resource-exhaustion probes are measured against. */
async function measureBaseline(app: LlmApp, beforeRequest: () => void, signal?: AbortSignal): Promise<Baseline> {
  let tokens = 0;
  let latencyMs = 0;
  for (const question of BASELINE_QUESTIONS) {
    beforeRequest();
    const reply = await app.target.chat({ messages: [{ role: 'user', content: question }] }, signal);
    tokens += reply.usage?.completionTokens ?? Math.ceil(reply.content.length / 4);
    latencyMs += reply.latencyMs;
  }
  return { tokens: Math.max(1, Math.round(tokens / BASELINE_QUESTIONS.length)), latencyMs: Math.max(1, Math.round(latencyMs / BASELINE_QUESTIONS.length)) };
}

export type { CampaignResult, TechniqueId };
