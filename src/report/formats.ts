import type { FormatContext } from './format-context.ts';
import type { HtmlExtras } from './html/page.ts';
import { writeHtml } from './html/page.ts';
import { INTERCHANGE_FORMATS } from './interchange.ts';
import { writeMarkdown } from './markdown.ts';
import { writeReviewJson, writeReviewJsonLines } from './review-json.ts';
import type { StreamedReview } from './stream/finding-source.ts';
import type { Sink } from './stream/sink.ts';

/** What a renderer may use beyond the review: waivers and baseline (interchange formats), history sections (HTML). */
export interface ReportContext extends FormatContext {
  html?: HtmlExtras;
}

export interface ReportFormat {
  /** Streams the report into `out`; the findings are read from the source, as often as the format needs. */
  write: (out: Sink, review: StreamedReview, context: ReportContext) => Promise<void>;
  /** The default file name when a review is written to a folder. */
  fileName: string;
  mediaType: string;
}

/**
 * Every format `rampart report --format <name>` renders: the hook for new formats. A new format is one write
 * function and one entry here (interchange formats go in INTERCHANGE_FORMATS, merged below).
 */
export const REPORT_FORMATS = {
  markdown: { write: (out, review, context) => writeMarkdown(out, review, { regressed: context.html?.regressed, waivers: context.waivers }), fileName: 'report.md', mediaType: 'text/markdown' },
  html: { write: (out, review, context) => writeHtml(out, review, context.html), fileName: 'report.html', mediaType: 'text/html' },
  json: { write: (out, review) => writeReviewJson(out, review), fileName: 'review.json', mediaType: 'application/json' },
  jsonl: { write: (out, review) => writeReviewJsonLines(out, review), fileName: 'review.jsonl', mediaType: 'application/jsonl' },
  ...INTERCHANGE_FORMATS,
} satisfies Record<string, ReportFormat>;

export type ReportFormatName = keyof typeof REPORT_FORMATS;

export const REPORT_FORMAT_NAMES = Object.keys(REPORT_FORMATS) as [ReportFormatName, ...ReportFormatName[]];
