import type { RedTeamCase } from '../red-team/types.ts';
import { ggufCases } from './gguf.ts';
import { pickleCases } from './pickles.ts';
import { savedModelCases } from './savedmodel.ts';
import { zipCases } from './zip.ts';

/** The round-4 red-team corpus (classes rounds 1–3 did not cover), generated. */
export function redTeam4Cases(): RedTeamCase[] {
  return [...pickleCases(), ...zipCases(), ...ggufCases(), ...savedModelCases()];
}
