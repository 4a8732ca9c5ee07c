import type { RedTeamCase } from '../red-team/types.ts';
import { joblibCases } from './joblib.ts';
import { kerasCases } from './keras.ts';
import { pickleCases } from './pickles.ts';
import { tarCases } from './tar.ts';

/** The round-3 red-team corpus (classes rounds 1 and 2 did not cover), generated. */
export function redTeam3Cases(): RedTeamCase[] {
  return [...pickleCases(), ...joblibCases(), ...tarCases(), ...kerasCases()];
}
