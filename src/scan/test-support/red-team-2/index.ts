import type { RedTeamCase } from '../red-team/types.ts';
import { joblibCases } from './joblib.ts';
import { kerasCases } from './keras.ts';
import { limitCases } from './limits.ts';
import { onnxCases } from './onnx.ts';
import { pickleCases } from './pickles.ts';
import { templateDosCases } from './templates.ts';

/** The round-2 red-team corpus (classes round 1 did not cover), generated. */
export function redTeam2Cases(): RedTeamCase[] {
  return [...pickleCases(), ...kerasCases(), ...joblibCases(), ...onnxCases(), ...templateDosCases(), ...limitCases()];
}
