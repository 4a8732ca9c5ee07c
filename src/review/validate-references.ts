import type { Atlas } from '../atlas/atlas.ts';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Control } from '../controls/schema.ts';
import { inputError } from '../errors.ts';
import { closest } from '../util/suggest.ts';
import type { Inventory } from '../inventory/load.ts';

/**
 * Cross-file references the schemas cannot check alone: claimed controls exist in the library, claim
 * scopes name existing assets, excluded techniques exist in the ATLAS release.
 */
export function validateReferences(inventory: Inventory, library: ReadonlyMap<string, Control>, atlas: Atlas): void {
  const assetIds = new Set(inventory.assets.map((a) => a.id));
  for (const claim of inventory.claims) {
    if (!library.has(claim.control)) {
      const guess = closest(claim.control, [...library.keys()]);
      throw inputError(`unknown control "${claim.control}"${guess ? ` — did you mean "${guess}"?` : ''}`, claim.where(['control']), 'use an id from the control library (rampart controls list)');
    }
    const ids = Array.isArray(claim.scope) ? claim.scope : claim.scope === 'all' ? [] : (claim.scope.assets ?? []);
    const path = Array.isArray(claim.scope) ? ['scope'] : ['scope', 'assets'];
    ids.forEach((id, i) => {
      if (assetIds.has(id)) return;
      const guess = closest(id, [...assetIds]);
      throw inputError(`the scope names asset "${id}", which is not in the inventory${guess ? ` — did you mean "${guess}"?` : ''}`, claim.where([...path, i]), 'fix the asset id or add the asset');
    });
  }
  for (const asset of inventory.assets) {
    for (const exclusion of asset.notApplicable) {
      if (!atlas.techniques.has(exclusion.technique as TechniqueId)) {
        throw inputError(`asset ${asset.id} rules out technique ${exclusion.technique}, which ATLAS ${atlas.version} does not define`, { file: asset.source.file, line: exclusion.at?.line ?? asset.source.line, column: exclusion.at?.column, path: `${asset.id}.notApplicable` }, 'use a technique id from the ATLAS release (rampart atlas show ID)');
      }
    }
  }
}
