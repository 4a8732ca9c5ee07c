import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { renderHtml } from '../report/html/page.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { renderSummary } from '../report/summary.ts';
import { writeReports } from '../report/write-reports.ts';
import { runReview } from '../review/run-review.ts';
import { atlasOption, formatOption } from './options.ts';
import { writeErr, writeOut } from './output.ts';

const ReviewFlags = z.object({
  atlas: z.string().optional(),
  out: z.string(),
  format: z.enum(['text', 'json', 'markdown', 'html']),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--date takes YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(d)), '--date is not a real date')
    .optional(),
  window: z.coerce.number().int().positive('--window takes a positive number of days').optional(),
  write: z.boolean(),
});

export function registerReview(program: Command): void {
  program
    .command('review')
    .description('review an inventory against MITRE ATLAS: gap analysis, risk, plan; writes JSON, Markdown and HTML reports')
    .argument('[dir]', 'inventory folder (YAML files, CycloneDX BOMs) or one inventory file', '.')
    .addOption(atlasOption())
    .option('-o, --out <dir>', 'folder for review.json, report.md and report.html', 'rampart-report')
    .addOption(formatOption(['text', 'json', 'markdown', 'html']))
    .option('--date <yyyy-mm-dd>', 'review as of this day (default: today)')
    .option('--window <days>', 'a claim counts only if verified within this many days (default 365)')
    .option('--no-write', 'print only; write no report files')
    .action(async (dir: string, raw: unknown) => {
      const parsed = ReviewFlags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart review --help');
      const flags = parsed.data;
      const review = await runReview({
        inventory: dir,
        atlasFile: flags.atlas,
        reviewDate: flags.date ? new Date(`${flags.date}T00:00:00Z`) : undefined,
        verificationWindowDays: flags.window,
      });
      if (flags.write) {
        const files = await writeReports(review, flags.out);
        writeErr(`reports: ${files.html}, ${files.markdown}, ${files.json}`);
      }
      const render = { text: renderSummary, json: (r: typeof review) => JSON.stringify(r, null, 2), markdown: renderMarkdown, html: renderHtml }[flags.format];
      writeOut(render(review));
    });
}
