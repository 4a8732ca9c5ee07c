/** Coverage states, worst first (the order the heatmap takes the worst of). */
export const COVERAGES = ['exploited', 'blind-spot', 'claimed', 'detected', 'prevented', 'both'] as const;
export type Coverage = (typeof COVERAGES)[number];

/** Risk levels, worst first. */
export const LEVELS = ['critical', 'high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];

export const COVERAGE_LABEL: Record<Coverage, string> = {
  exploited: 'Exploited',
  'blind-spot': 'Blind spot',
  claimed: 'Claimed',
  detected: 'Detected',
  prevented: 'Prevented',
  both: 'Prevented + detected',
};

export const LEVEL_LABEL: Record<Level, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

export function isCoverage(value: string): value is Coverage {
  return (COVERAGES as readonly string[]).includes(value);
}

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/** The worse of two coverage states (exploited is worst, both best). */
export function worseCoverage(a: Coverage | undefined, b: Coverage): Coverage {
  return a === undefined || COVERAGES.indexOf(b) < COVERAGES.indexOf(a) ? b : a;
}
