import { readFileSync } from 'node:fs';
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
