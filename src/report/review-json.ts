import type { StreamedReview } from './stream/finding-source.ts';
import { streamedArray, writeJson } from './stream/json-stream.ts';
import type { Sink } from './stream/sink.ts';

/**
 * `review.json`: the review contract (README "Review JSON"), byte for byte what JSON.stringify(review, null, 2)
 * gives for a review in memory, but written with the findings streamed one at a time.
 */
export async function writeReviewJson(out: Sink, review: StreamedReview): Promise<void> {
  // Spread first, so `findings` keeps its place among the keys when the document already has one.
  await writeJson(out, { ...review.document, findings: streamedArray(review.findings.read('rank')) });
  await out.write('\n');
}

/**
 * JSON Lines: a header line (the review without its findings, plus `findingCount`), then one finding per line in
 * rank order. For tools that read a finding at a time (jq -c, SIEM loaders) and for reviews too large to parse
 * as one document.
 */
export async function writeReviewJsonLines(out: Sink, review: StreamedReview): Promise<void> {
  const { findings: _dropped, ...header } = review.document as StreamedReview['document'] & { findings?: unknown };
  await out.write(`${JSON.stringify({ ...header, findingCount: review.findings.count })}\n`);
  for await (const finding of review.findings.read('rank')) await out.write(`${JSON.stringify(finding)}\n`);
}
