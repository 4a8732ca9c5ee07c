import { graphCases } from './graphs.ts';
import { kerasCases } from './keras.ts';
import { pickleCases } from './pickles.ts';
import { templateCases } from './templates.ts';
import type { RedTeamCase } from './types.ts';

export type { RedTeamCase } from './types.ts';

/** The whole red-team corpus, generated. */
export async function redTeamCases(): Promise<RedTeamCase[]> {
  return [...pickleCases(), ...kerasCases(), ...templateCases(), ...graphCases()];
}
