import type { Review } from '../review/review.ts';
import type { FormatContext } from './format-context.ts';
import type { HtmlExtras } from './html/page.ts';
import { renderHtml } from './html/page.ts';
import { INTERCHANGE_FORMATS } from './interchange.ts';
import { renderMarkdown } from './markdown.ts';

/** What a renderer may use beyond the review: waivers and baseline (interchange formats), history sections (HTML). */
export interface ReportContext extends FormatContext {
  html?: HtmlExtras;
}

export interface ReportFormat {
  render: (review: Review, context: ReportContext) => string;
  /** The default file name when a review is written to a folder. */
  fileName: string;
  mediaType: string;
}

/**
 * Every format `rampart report --format <name>` renders: the hook for new formats. A new format is one render
 * function and one entry here (interchange formats go in INTERCHANGE_FORMATS, merged below).
 */
export const REPORT_FORMATS = {
  markdown: { render: (review) => renderMarkdown(review), fileName: 'report.md', mediaType: 'text/markdown' },
  html: { render: (review, context) => renderHtml(review, context.html), fileName: 'report.html', mediaType: 'text/html' },
  json: { render: (review) => `${JSON.stringify(review, null, 2)}\n`, fileName: 'review.json', mediaType: 'application/json' },
  ...INTERCHANGE_FORMATS,
} satisfies Record<string, ReportFormat>;

export type ReportFormatName = keyof typeof REPORT_FORMATS;

export const REPORT_FORMAT_NAMES = Object.keys(REPORT_FORMATS) as [ReportFormatName, ...ReportFormatName[]];
