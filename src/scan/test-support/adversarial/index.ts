import { containerCases } from './containers.ts';
import { numpyCases } from './numpy.ts';
import { polyglotCases } from './polyglots.ts';
import type { AdversarialCase } from './types.ts';

export type { AdversarialCase } from './types.ts';

/** Every evasive file of the suite with its benign look-alike (see src/scan/README.md, "Formats under attack"). */
export async function adversarialCases(): Promise<AdversarialCase[]> {
  return [...polyglotCases(), ...(await containerCases()), ...numpyCases()];
}
