import { FakeHttpError } from './fake-context';
import type { FakeRequest } from './fake-request';

/** One page of a list, and the marker of the next page when there is one. */
export interface Page<T> {
  items: T[];
  next?: string;
  limit?: number;
}

/** Applies `limit` and `marker` as Cinder and Nova do; an unknown marker is a 400. */
export function paginate<T extends { id: string }>(list: T[], req: FakeRequest, kind: string): Page<T> {
  const marker = req.query.get('marker');
  const limitParam = req.query.get('limit');
  let start = 0;
  if (marker !== null) {
    const index = list.findIndex((item) => item.id === marker);
    if (index < 0)
      throw new FakeHttpError(400, `Invalid input received: marker [${marker}] not found in ${kind}.`);
    start = index + 1;
  }
  if (limitParam === null) return { items: list.slice(start) };
  const limit = Number(limitParam);
  if (!Number.isInteger(limit) || limit < 0)
    throw new FakeHttpError(
      400,
      `Invalid input received: limit must be a non-negative integer, got ${limitParam}.`,
    );
  const items = list.slice(start, start + limit);
  // Cinder and Nova link a next page whenever a page is full, whether or not more items follow.
  return items.length > 0 && items.length === limit
    ? { items, next: items[items.length - 1]!.id, limit }
    : { items };
}

/**
 * The list body `{ [kind]: items }`, with `[kind]_links` pointing at the next page when the page is
 * full: the request's own query with `marker` set (kept in place, or added last), as Cinder and Nova build it.
 */
export function pageBody(
  req: FakeRequest,
  kind: string,
  page: Page<unknown>,
  items: unknown[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { [kind]: items };
  if (page.next) {
    const query = new URLSearchParams(req.query);
    query.set('marker', page.next);
    out[`${kind}_links`] = [{ rel: 'next', href: `${req.origin}${req.path}?${query}` }];
  }
  return out;
}
