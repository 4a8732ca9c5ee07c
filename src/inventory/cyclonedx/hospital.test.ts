import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../report/markdown.ts';
import type { Review } from '../../review/review.ts';
import { runReview } from '../../review/run-review.ts';

/**
 * A hospital's ML-BOM as a held-out user would write it: an LLM triage assistant that retrieves from a corpus
 * "refreshed weekly from external sources", an embedding model, a sepsis classifier and their data. Nothing
 * says `externalSource` or `retrievesUntrustedContent` in Rampart's words.
 */
const FIXTURE = fileURLToPath(new URL('./__fixtures__/hospital-triage.cdx.json', import.meta.url));
const reviewDate = new Date('2026-11-22T00:00:00Z');

async function reviewBom(edit: (bom: { components: { name: string; properties?: unknown[] }[] }) => void = () => {}): Promise<Review> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-hospital-'));
  const bom = JSON.parse(await readFile(FIXTURE, 'utf8'));
  edit(bom);
  await writeFile(join(dir, 'bom.json'), JSON.stringify(bom));
  return runReview({ inventory: dir, reviewDate });
}

const techniquesOn = (review: Review, asset: string) => review.findings.filter((f) => f.assetId === asset).map((f) => f.techniqueId);

describe('the hospital-style BOM', () => {
  it('is assessed for indirect prompt injection and RAG poisoning on its LLM and its corpus', async () => {
    const review = await reviewBom();
    expect(techniquesOn(review, 'triage-assistant')).toEqual(expect.arrayContaining(['AML.T0051.001', 'AML.T0070', 'AML.T0071']));
    expect(techniquesOn(review, 'clinical-guidance-corpus')).toEqual(expect.arrayContaining(['AML.T0070', 'AML.T0071']));
    const notes = review.inventory.notes.join('\n');
    expect(notes).toContain('externalSource because components[1].description says "…bulletins, refreshed weekly from external sources');
    expect(notes).toContain('retrievesUntrustedContent because it retrieves from clinical-guidance-corpus, which comes from outside');
  });

  it('names in the review and the report the attributes that defaulted and what they removed', async () => {
    const review = await reviewBom();
    const triage = review.defaultedAttributes?.find((d) => d.assetId === 'triage-assistant');
    expect(triage?.attributes.map((a) => a.attribute)).toEqual(expect.arrayContaining(['hasTools', 'hasMemory']));
    expect(triage?.attributes.map((a) => a.attribute)).not.toContain('retrievesUntrustedContent');
    const markdown = await renderMarkdown(review);
    expect(markdown).toContain('## Attributes that defaulted to false');
    expect(markdown).toMatch(/- triage-assistant: .*hasTools \(would add AML\.T\d{4}/);
  });

  it('when the corpus is stated internal-only, drops the inference and says what that removed', async () => {
    const review = await reviewBom((bom) => {
      const corpus = bom.components.find((c) => c.name === 'clinical-guidance-corpus');
      if (corpus) corpus.properties = [{ name: 'rampart:notAttributes', value: 'externalSource' }];
    });
    expect(techniquesOn(review, 'triage-assistant')).not.toContain('AML.T0051.001');
    const triage = review.defaultedAttributes?.find((d) => d.assetId === 'triage-assistant');
    expect(triage?.attributes.find((a) => a.attribute === 'retrievesUntrustedContent')?.techniques).toEqual(expect.arrayContaining(['AML.T0051.001', 'AML.T0070', 'AML.T0071']));
    // Stated false is not a default: the corpus does not list it.
    const corpus = review.defaultedAttributes?.find((d) => d.assetId === 'clinical-guidance-corpus');
    expect(corpus?.attributes.map((a) => a.attribute) ?? []).not.toContain('externalSource');
  });
});
