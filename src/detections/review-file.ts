import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { inputError } from '../errors.ts';
import { REVIEW_SCHEMA, type Review } from '../review/review.ts';
import { streamReview, type StreamedReview } from '../report/stream/finding-source.ts';

/** The fields `rampart detections` reads from a review JSON (`rampart review --format json`); the rest is kept whole. */
const ReviewFile = z
  .object({
    schema: z.literal(REVIEW_SCHEMA),
    organisation: z.string(),
    generatedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'generatedAt is not a date and time'),
    reviewDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'reviewDate is not YYYY-MM-DD'),
    atlasVersion: z.string(),
    assets: z.array(z.object({ id: z.string(), element: z.string(), kind: z.string(), attributes: z.array(z.string()), endpoints: z.array(z.object({ url: z.string() }).loose()), versions: z.array(z.string()) }).loose()),
    findings: z.array(z.object({ id: z.string(), assetId: z.string(), techniqueId: z.string(), coverage: z.string(), trail: z.array(z.unknown()), plan: z.object({}).loose(), risk: z.object({ score: z.number() }).loose() }).loose()),
  })
  .loose();

/** A review given as a file: the JSON `rampart review` writes (review.json). */
export async function readReviewFile(file: string): Promise<StreamedReview> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw inputError(`cannot read the review: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file }, 'pass a stored review id (rampart reviews) or the review.json that rampart review wrote');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw inputError(`the review is not JSON: ${(error as Error).message}`, { file }, 'pass the review.json that rampart review wrote');
  }
  const parsed = ReviewFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw inputError(`not a Rampart review (${REVIEW_SCHEMA}): ${issue?.message ?? 'invalid'}`, { file, path: issue?.path.join('.') }, 'pass the review.json that rampart review wrote');
  }
  return streamReview(parsed.data as unknown as Review);
}
