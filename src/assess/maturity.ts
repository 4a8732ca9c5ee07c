import type { Atlas } from '../atlas/atlas.ts';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Maturity } from '../atlas/schema.ts';

/**
 * The maturity a review uses for a technique, and where it came from. ATLAS releases before 5.0 carry no
 * maturity at all; scoring them with a silent constant made every upgrade look like a change of posture.
 * The rule, in order:
 * 1. the maturity the reviewed release states (`stated`);
 * 2. else the maturity the same technique has in the reference release — the newest bundled one — which is
 *    the best knowledge we have of how real the technique is (`assumed`, naming that release);
 * 3. else `demonstrated`, the middle rung of ATLAS's scale (`assumed`, "default"), so a technique of unknown
 *    maturity is neither played down as merely feasible nor played up as seen in the wild.
 */
export const DEFAULT_MATURITY: Maturity = 'demonstrated';

export interface MaturityUsed {
  maturity: Maturity;
  /** Absent when the reviewed release states it; otherwise where the value came from. */
  assumed?: { from: string; reason: string };
}

/** Resolves every technique's maturity for a review under `atlas`, with `reference` as the fallback release. */
export function maturityResolver(atlas: Atlas, reference: Atlas | undefined): (id: TechniqueId) => MaturityUsed {
  return (id) => {
    const stated = atlas.techniques.get(id)?.maturity;
    if (stated) return { maturity: stated };
    const known = reference?.techniques.get(id)?.maturity;
    if (known && reference) return { maturity: known, assumed: { from: `ATLAS ${reference.version}`, reason: `ATLAS ${atlas.version} states no maturity; ATLAS ${reference.version} says ${known}` } };
    return { maturity: DEFAULT_MATURITY, assumed: { from: 'default', reason: `no maturity in ATLAS ${atlas.version}${reference ? ` or ${reference.version}` : ''}; the middle rung, ${DEFAULT_MATURITY}, is assumed` } };
  };
}
