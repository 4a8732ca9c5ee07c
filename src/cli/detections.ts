import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { inputError, usageError } from '../errors.ts';
import { loadAtlas } from '../atlas/load.ts';
import { generateDetections, type DetectionFormat, type GapOutcome } from '../detections/generate.ts';
import { GAP_TEXT } from '../detections/gaps.ts';
import { DEFAULT_MAPPING, loadMapping, MAPPING_PRESETS } from '../detections/mapping.ts';
import { readReviewFile } from '../detections/review-file.ts';
import { parseTagStyle } from '../detections/sigma/tags.ts';
import type { StreamedReview } from '../report/stream/finding-source.ts';
import { openStoredReview } from '../store/finding-pages.ts';
import { writeErr, writeOut } from './output.ts';
import { checkSameOrganisation, inventoryOption, organisationFor, orgOption } from './organisation-option.ts';
import { reviewIdOrLatest, storeOption, withStore } from './store-option.ts';

const Flags = z.object({
  format: z.enum(['sigma', 'cacao', 'all']),
  out: z.string().min(1),
  tagStyle: z.string().optional(),
  mapping: z.string().optional(),
  canary: z.array(z.string().min(4, 'a canary needs at least 4 characters')).default([]),
  allowDestination: z.array(z.string().min(1)).default([]),
  store: z.string().optional(),
  org: z.string().optional(),
  inventory: z.string().optional(),
});

/** `rampart detections [REVIEW]`: Sigma rules and CACAO playbooks for every detective gap of a review. */
export function registerDetections(program: Command): void {
  program
    .command('detections')
    .description('write Sigma rules and CACAO 2.0 playbooks for the detective gaps of a review (default: the latest stored)')
    .argument('[review]', 'stored review id, or a review.json file (default: the latest stored review)')
    .addOption(new Option('-f, --format <format>', 'what to write').choices(['sigma', 'cacao', 'all']).default('all'))
    .requiredOption('-o, --out <dir>', 'folder to write sigma/ and cacao/ into (created if missing; files are rewritten in place)')
    .option('--tag-style <style>', 'ATLAS tags on Sigma rules: atlas (atlas.aml.t0051.000), prefix:<namespace>, or none')
    .option('--mapping <preset|file>', `log field names for the rules: ${Object.keys(MAPPING_PRESETS).join(', ')} (default ${DEFAULT_MAPPING}), or a YAML/JSON mapping file`)
    .option('--canary <string...>', 'canary strings planted in system prompts or data; the leak rules look for them in replies')
    .option('--allow-destination <host...>', "hosts an agent's tool calls may reach besides the asset's own endpoints")
    .addOption(storeOption())
    .addOption(orgOption())
    .addOption(inventoryOption())
    .action(async (rawReview: string | undefined, raw: unknown) => {
      const parsed = Flags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart detections --help');
      const flags = parsed.data;
      const tagStyle = parseTagStyle(flags.tagStyle);
      const mapping = await loadMapping(flags.mapping);
      const out = resolve(flags.out);
      await prepareOut(out);
      const formats: DetectionFormat[] = flags.format === 'all' ? ['sigma', 'cacao'] : [flags.format];
      const atlas = await loadAtlas();
      const options = { formats, mapping, tagStyle, canaries: flags.canary, allowDestinations: flags.allowDestination, atlas };
      const outcomes: GapOutcome[] = [];
      const run = async (review: StreamedReview) => {
        for await (const file of generateDetections(review, options, (o) => outcomes.push(o))) {
          const path = join(out, file.path);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, file.content);
        }
        return review.document;
      };
      const isFile = rawReview !== undefined && !/^\d+$/.test(rawReview);
      const document = isFile
        ? await run(await readReviewFile(rawReview))
        : await withStore(flags.store, async (store) => {
            const chosen = await organisationFor(store, { ...flags, cwd: process.cwd() }, rawReview);
            const id = await reviewIdOrLatest(store, rawReview, chosen);
            const { meta, review } = await openStoredReview(store, id);
            checkSameOrganisation([meta], chosen);
            return run(review);
          });
      const index = {
        review: { organisation: document.organisation, reviewDate: document.reviewDate, generatedAt: document.generatedAt, atlasVersion: document.atlasVersion },
        mapping: mapping.name,
        gaps: outcomes.map((o) => ({ finding: o.gap.findingId, reason: o.gap.reason, owner: o.gap.owner ?? null, rules: o.rules, playbook: o.playbook ?? null, skipped: o.skipped })),
      };
      await writeFile(join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
      writeOut(summary(outcomes, flags.out));
      const skipped = [...new Set(outcomes.flatMap((o) => o.skipped.map((s) => `${o.gap.assetId} ${s.rule} (mapping ${mapping.name} lacks ${s.missing.join(', ')})`)))];
      if (skipped.length > 0) writeErr(`detections: ${skipped.length} rules skipped: ${skipped.slice(0, 5).join('; ')}${skipped.length > 5 ? '; … (index.json lists all)' : ''}`);
    });
}

async function prepareOut(out: string): Promise<void> {
  const existing = await stat(out).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw inputError('the output path exists and is not a folder', { file: out }, 'pass a folder for --out (it is created if missing)');
  try {
    await mkdir(out, { recursive: true });
  } catch (error) {
    throw inputError(`cannot create the output folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: out }, 'pass a folder you can write to for --out');
  }
}

function summary(outcomes: readonly GapOutcome[], out: string): string {
  if (outcomes.length === 0) return `No detective gap that an inference log can reveal in this review; wrote ${join(out, 'index.json')}.`;
  const rules = new Set(outcomes.flatMap((o) => o.rules)).size;
  const playbooks = outcomes.filter((o) => o.playbook).length;
  const lines = [`${outcomes.length} detective gaps: ${rules} Sigma rules and ${playbooks} CACAO playbooks written to ${out}`];
  for (const o of outcomes.slice(0, 20)) lines.push(`  ${o.gap.findingId} — ${GAP_TEXT[o.gap.reason]}: ${[...o.rules, ...(o.playbook ? [o.playbook] : [])].join(', ')}`);
  if (outcomes.length > 20) lines.push(`  … and ${outcomes.length - 20} more (index.json lists all)`);
  return lines.join('\n');
}
