import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { inputError } from '../errors.ts';
import { REPORT_FORMATS, type ReportContext, type ReportFormatName } from './formats.ts';
import type { StreamedReview } from './stream/finding-source.ts';
import { writeFileStreamed } from './stream/sink.ts';

/** What `rampart review` writes into its report folder. */
export const FOLDER_FORMATS = ['json', 'jsonl', 'markdown', 'html'] as const satisfies readonly ReportFormatName[];

export type WrittenReports = Record<(typeof FOLDER_FORMATS)[number], string>;

/** Write review.json, review.jsonl, report.md and report.html into a folder, each streamed; each file appears whole or not at all. */
export async function writeReports(review: StreamedReview, folder: string, context: ReportContext = { waivers: [] }): Promise<WrittenReports> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw inputError(`cannot create the report folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: folder }, 'pass a writable folder with --out');
  }
  const files = Object.fromEntries(FOLDER_FORMATS.map((name) => [name, join(folder, REPORT_FORMATS[name].fileName)])) as WrittenReports;
  for (const name of FOLDER_FORMATS) await writeFileStreamed(files[name], (out) => REPORT_FORMATS[name].write(out, review, context));
  return files;
}
