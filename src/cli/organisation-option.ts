import { readdir } from 'node:fs/promises';
import { Option } from 'commander';
import { usageError } from '../errors.ts';
import { loadInventory } from '../inventory/load.ts';
import type { StoredReviewMeta } from '../review/history.ts';
import type { Store } from '../store/connection.ts';
import { listOrganisations } from '../store/organisations.ts';
import { closest } from '../util/suggest.ts';

/** `--org` and `--inventory`: which organisation's reviews a command acts on, when the store holds several. */
export function orgOption(): Option {
  return new Option('--org <name>', "act on this organisation's reviews (as its inventory names it)");
}

export function inventoryOption(): Option {
  return new Option('--inventory <dir>', "act on the organisation this inventory names (default: the current folder's inventory, if any)");
}

export interface OrganisationChoice {
  org?: string | undefined;
  inventory?: string | undefined;
  /** Where to look for an inventory when neither flag is given; undefined to not look. */
  cwd?: string | undefined;
}

/**
 * The organisation a command acts on: `--org`, else the one `--inventory` (or an inventory in the current folder)
 * names, else the store's only one. Undefined when the store holds no review at all. Several and none chosen, or
 * one that has no stored review: exit 2 with the names.
 */
export async function chooseOrganisation(store: Store, choice: OrganisationChoice): Promise<string | undefined> {
  const stored = (await listOrganisations(store)).filter((o) => o.reviews > 0).map((o) => o.name);
  const named = choice.org ?? (choice.inventory !== undefined ? (await loadInventory(choice.inventory)).organisation : await inventoryHere(choice.cwd));
  if (named !== undefined) {
    if (stored.includes(named)) return named;
    const guess = closest(named, stored);
    const how = choice.org !== undefined ? '--org' : choice.inventory !== undefined ? `the inventory ${choice.inventory}` : 'the inventory in this folder';
    throw usageError(
      `no review of "${named}" (named by ${how}) is stored in ${store.where}`,
      guess ? `did you mean "${guess}"? (--org "${guess}")` : stored.length ? `the store holds: ${stored.join(', ')}` : 'run `rampart review <inventory>` first',
    );
  }
  if (stored.length <= 1) return stored[0];
  throw usageError(`the store holds the reviews of ${stored.length} organisations: ${stored.map((s) => `"${s}"`).join(', ')}`, 'choose one with --org NAME or --inventory DIR');
}

/**
 * For verbs that take a review id: a named review brings its organisation, so nothing is chosen unless --org or
 * --inventory says which (then the review must be of it); without an id, the organisation is chosen as above.
 */
export async function organisationFor(store: Store, choice: OrganisationChoice, reviewId: string | undefined): Promise<string | undefined> {
  if (reviewId !== undefined && choice.org === undefined && choice.inventory === undefined) return undefined;
  return chooseOrganisation(store, { ...choice, cwd: reviewId === undefined ? choice.cwd : undefined });
}

/** Every review a command names must be of the chosen organisation: a diff or gate never crosses organisations. */
export function checkSameOrganisation(metas: readonly StoredReviewMeta[], chosen: string | undefined): void {
  const [first, ...rest] = metas;
  if (!first) return;
  const other = rest.find((m) => m.organisation !== first.organisation);
  if (other) throw usageError(`review ${first.id} is of "${first.organisation}" and review ${other.id} of "${other.organisation}"`, 'compare reviews of one organisation (`rampart reviews --org NAME` lists them)');
  if (chosen !== undefined && first.organisation !== chosen) throw usageError(`review ${first.id} is of "${first.organisation}", not of "${chosen}"`, `drop --org/--inventory, or name a review of "${chosen}" (\`rampart reviews --org "${chosen}"\`)`);
}

/** The organisation of an inventory in the folder, when the folder holds one that loads; otherwise nothing. */
async function inventoryHere(cwd: string | undefined): Promise<string | undefined> {
  if (cwd === undefined) return undefined;
  const entries = await readdir(cwd).catch(() => [] as string[]);
  if (!entries.some((e) => /\.(ya?ml|cdx\.json)$|^bom\.json$/i.test(e))) return undefined;
  try {
    return (await loadInventory(cwd)).organisation;
  } catch {
    // Other YAML (CI files, compose files) is not an inventory: no choice made here.
    return undefined;
  }
}
