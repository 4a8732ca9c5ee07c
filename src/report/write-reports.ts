import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inputError } from '../errors.ts';
import type { Review } from '../review/review.ts';
import { renderHtml, type HtmlExtras } from './html/page.ts';
import { renderMarkdown } from './markdown.ts';

export interface WrittenReports {
  json: string;
  markdown: string;
  html: string;
}

/** Write review.json, report.md and report.html into a folder; each file appears whole or not at all. */
export async function writeReports(review: Review, folder: string, extras: HtmlExtras = {}): Promise<WrittenReports> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw inputError(`cannot create the report folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: folder }, 'pass a writable folder with --out');
  }
  const files: WrittenReports = { json: join(folder, 'review.json'), markdown: join(folder, 'report.md'), html: join(folder, 'report.html') };
  await atomicWrite(files.json, `${JSON.stringify(review, null, 2)}\n`);
  await atomicWrite(files.markdown, renderMarkdown(review));
  await atomicWrite(files.html, renderHtml(review, extras));
  return files;
}

export async function atomicWrite(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}
