import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A round of the prompt corpus (README.md): attempts and ordinary prompts near them. */
export interface Corpus {
  attacks: { text: string; kind: string; style: string }[];
  benign: { text: string; style: string }[];
}

/** The round `round-N` as written. */
export function promptCorpus(name: string): Corpus {
  return JSON.parse(readFileSync(join(import.meta.dirname, `${name}.json`), 'utf8')) as Corpus;
}

/** Every round of the corpus, in order (round-1, round-2, …). */
export function corpusRounds(): { name: string; corpus: Corpus }[] {
  return readdirSync(import.meta.dirname)
    .map((f) => /^round-(\d+)\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => ({ name: `round-${m[1] as string}`, corpus: promptCorpus(`round-${m[1] as string}`) }));
}
