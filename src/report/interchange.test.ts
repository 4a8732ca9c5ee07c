import { describe, expect, it } from 'vitest';
import { EMPTY_CONTEXT } from './format-context.ts';
import { INTERCHANGE_FORMATS } from './interchange.ts';
import { aReview } from './interchange-fixture.ts';

describe('INTERCHANGE_FORMATS', () => {
  it.each(Object.entries(INTERCHANGE_FORMATS))('%s renders a stored review without waivers or baseline', (_name, format) => {
    const out = format.render(aReview(), EMPTY_CONTEXT);
    expect(out.length).toBeGreaterThan(100);
    if (format.mediaType.endsWith('json')) expect(() => JSON.parse(out) as unknown).not.toThrow();
    else expect(out.startsWith('<?xml')).toBe(true);
  });

  it('renders the same review the same way twice (stable output for diffs and fingerprints)', () => {
    for (const format of Object.values(INTERCHANGE_FORMATS)) expect(format.render(aReview(), EMPTY_CONTEXT)).toBe(format.render(aReview(), EMPTY_CONTEXT));
  });
});
