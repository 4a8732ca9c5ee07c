import type { StreamedReview } from './stream/finding-source.ts';
import { streamedArray, streamedObject, writeJson } from './stream/json-stream.ts';
import type { Sink } from './stream/sink.ts';

/**
 * `review.json`: the review contract (README "Review JSON"), byte for byte what JSON.stringify(review, null, 2)
 * gives for a review in memory, but written with the assets and findings streamed one at a time.
 */
export async function writeReviewJson(out: Sink, review: StreamedReview): Promise<void> {
  // Spread first, so `findings` keeps its place among the keys when the document already has one.
  await writeJson(out, { ...withAssets(review), findings: streamedArray(review.findings.read('rank')) });
  await out.write('\n');
}

/**
 * JSON Lines: a header line (the review without its findings, plus `findingCount`), then one finding per line in
 * rank order. For tools that read a finding at a time (jq -c, SIEM loaders) and for reviews too large to parse
 * as one document.
 */
export async function writeReviewJsonLines(out: Sink, review: StreamedReview): Promise<void> {
  const { findings: _dropped, ...header } = withAssets(review) as ReturnType<typeof withAssets> & { findings?: unknown };
  await writeJson(out, { ...header, findingCount: review.findings.count }, 0);
  await out.write('\n');
  for await (const finding of review.findings.read('rank')) await out.write(`${JSON.stringify(finding)}\n`);
}

/**
 * The head with its per-asset parts streamed back into their places: the head keeps the keys (empty for a stored
 * review), and a spread that sets an existing key keeps its position, so the keys come in the order they always had.
 */
function withAssets(review: StreamedReview): Record<string, unknown> {
  const head = review.document;
  const defaulted = review.assets.defaulted();
  return {
    ...head,
    assets: streamedArray(review.assets.snapshots()),
    rollups: { ...head.rollups, byAsset: streamedObject(review.assets.rollups()) },
    ...(defaulted ? { defaultedAttributes: streamedArray(defaulted) } : {}),
  };
}
