import { describe, expect, it } from 'vitest';
import { EMPTY_CONTEXT } from './format-context.ts';
import { INTERCHANGE_FORMATS } from './interchange.ts';
import { aReview } from './interchange-fixture.ts';
import { streamReview } from './stream/finding-source.ts';
import { collect } from './stream/sink.ts';

const render = (format: (typeof INTERCHANGE_FORMATS)[keyof typeof INTERCHANGE_FORMATS]) => collect((out) => format.write(out, streamReview(aReview()), EMPTY_CONTEXT));

describe('INTERCHANGE_FORMATS', () => {
  it.each(Object.entries(INTERCHANGE_FORMATS))('%s renders a stored review without waivers or baseline', async (_name, format) => {
    const out = await render(format);
    expect(out.length).toBeGreaterThan(100);
    if (format.mediaType.endsWith('json')) expect(() => JSON.parse(out) as unknown).not.toThrow();
    else expect(out.startsWith('<?xml')).toBe(true);
  });

  it('renders the same review the same way twice (stable output for diffs and fingerprints)', async () => {
    for (const format of Object.values(INTERCHANGE_FORMATS)) expect(await render(format)).toBe(await render(format));
  });
});
