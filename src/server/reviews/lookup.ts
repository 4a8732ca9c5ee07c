import { RampartError } from '../../errors.ts';
import type { StoredReviewMeta } from '../../review/history.ts';
import type { Store } from '../../store/connection.ts';
import { getReviewMeta, latestReviewIds } from '../../store/reviews.ts';
import { listOrganisations } from '../../store/organisations.ts';
import { badRequest, notFound } from '../http-error.ts';

/** A stored review's record, or 404. */
export async function reviewOr404(store: Store, id: number): Promise<StoredReviewMeta> {
  try {
    return await getReviewMeta(store, id);
  } catch (error) {
    if (error instanceof RampartError && error.kind === 'input') throw notFound(`review ${id}`);
    throw error;
  }
}

/** The organisation named, else the store's only one; 400 when the store holds several and none is named. */
export async function organisationOr400(store: Store, named: string | undefined): Promise<string> {
  const organisations = await listOrganisations(store);
  if (named !== undefined) {
    if (!organisations.some((o) => o.name === named)) throw notFound(`organisation "${named}"`);
    return named;
  }
  if (organisations.length === 1) return (organisations[0] as { name: string }).name;
  if (organisations.length === 0) throw notFound('stored review');
  throw badRequest(`the store holds ${organisations.length} organisations`, `name one with ?organisation=… (${organisations.map((o) => o.name).join(', ')})`);
}

/** The latest review of an organisation, or 404. */
export async function latestReviewOf(store: Store, organisation: string): Promise<StoredReviewMeta> {
  const [id] = await latestReviewIds(store, 1, { organisation });
  if (id === undefined) throw notFound(`review of "${organisation}"`);
  return reviewOr404(store, id);
}
