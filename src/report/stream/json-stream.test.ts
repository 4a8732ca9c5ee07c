import { describe, expect, it } from 'vitest';
import { aReview } from '../interchange-fixture.ts';
import { writeReviewJson, writeReviewJsonLines } from '../review-json.ts';
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import { streamReview } from './finding-source.ts';
import { serialisedArray, streamedArray, writeJson } from './json-stream.ts';
import { collect } from './sink.ts';

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/** Each case: a document with streamed arrays (made afresh: a generator reads once), and the same document with plain arrays for JSON.stringify. */
const cases: { name: string; streamed: () => unknown; plain: unknown }[] = [
  { name: 'a top-level streamed array', streamed: () => streamedArray([1, 'two', { three: 3 }]), plain: [1, 'two', { three: 3 }] },
  { name: 'an empty streamed array', streamed: () => ({ a: streamedArray([]), b: 1 }), plain: { a: [], b: 1 } },
  { name: 'nested objects around a stream', streamed: () => ({ x: { y: [{ z: streamedArray(slowly([{ k: 'v' }, [1, 2]])) }] }, w: 'end' }), plain: { x: { y: [{ z: [{ k: 'v' }, [1, 2]] }] }, w: 'end' } },
  { name: 'streams inside streamed elements', streamed: () => streamedArray([{ id: 'a', items: streamedArray(slowly([1, 2])) }, { id: 'b', items: streamedArray([]) }]), plain: [{ id: 'a', items: [1, 2] }, { id: 'b', items: [] }] },
  { name: 'undefined properties dropped, undefined elements null', streamed: () => ({ gone: undefined, list: streamedArray([undefined, 1]) }), plain: { gone: undefined, list: [null, 1] } },
  { name: 'strings with newlines, quotes and look-alike tokens', streamed: () => ({ s: 'a\nb "c" @@stream-x-0@@', list: streamedArray(['\n', '\u2028']) }), plain: { s: 'a\nb "c" @@stream-x-0@@', list: ['\n', '\u2028'] } },
];

describe('writeJson: what JSON.stringify would write, with some arrays streamed', () => {
  it.each(cases.flatMap((c) => [0, 2].map((indent) => ({ ...c, indent }))))('$name (indent $indent)', async ({ streamed, plain, indent }) => {
    expect(await collect((out) => writeJson(out, streamed(), indent))).toBe(JSON.stringify(plain, null, indent));
  });
});

describe('serialised arrays: elements written earlier, at the same indent', () => {
  const elements = [{ a: [1, { b: 'x\ny' }] }, 'two', [], {}];
  it.each([0, 2])('are placed as JSON.stringify would place the values (indent %i)', async (indent) => {
    const texts = elements.map((e) => JSON.stringify(e, null, indent));
    const document = (list: unknown, after: unknown) => ({ outer: { list, after: [after] } });
    const streamed = document(serialisedArray(texts), streamedArray([1]));
    expect(await collect((out) => writeJson(out, streamed, indent))).toBe(JSON.stringify(document(elements, [1]), null, indent));
  });

  it('a streamed array outside writeJson is refused, not written as {}', () => {
    expect(() => JSON.stringify({ list: streamedArray([1]) })).toThrow(/writeJson/);
  });
});

describe('review.json and review.jsonl', () => {
  it.each([
    ['the format fixture', aReview()],
    ['a synthetic review of 40 assets', syntheticReview({ assets: 40, seed: 7 })],
  ])('review.json of %s is exactly JSON.stringify(review, null, 2)', async (_, review) => {
    expect(await collect((out) => writeReviewJson(out, streamReview(review)))).toBe(`${JSON.stringify(review, null, 2)}\n`);
  });

  it('review.jsonl is a header line with the finding count, then one finding per line in rank order', async () => {
    const review = syntheticReview({ assets: 5, seed: 3 });
    const lines = (await collect((out) => writeReviewJsonLines(out, streamReview(review)))).split('\n');
    expect(lines.pop()).toBe('');
    const header = JSON.parse(lines[0] as string) as Record<string, unknown>;
    const { findings, ...document } = review;
    expect(header).toEqual({ ...JSON.parse(JSON.stringify(document)), findingCount: findings.length });
    expect(lines.slice(1).map((l) => JSON.parse(l) as unknown)).toEqual(JSON.parse(JSON.stringify(findings)));
  });
});
