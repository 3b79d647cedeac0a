import type { GraphQLContext } from '../context';
import type { ListKind, ProviderName } from '../domain/types';
import type { LoadedPage } from '../data/request-data';
import type { CursorCodec, ListCursor } from './cursors';
import { listCost, parsePaging, type ConnectionArgs, type ListRequest } from './paging';

/** Signs its cursor only when a client asks for it: a query for `nodes` alone pays no HMAC per item. */
class Edge<T> {
  constructor(
    readonly node: T,
    private readonly position: ListCursor,
    private readonly cursors: CursorCodec,
  ) {}

  get cursor(): string {
    return this.cursors.encode(this.position);
  }
}

class PageInfo<T> {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: Edge<T>[],
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo<T>;
}

/**
 * Slice upstream pages into exactly `first` items while more exist, fetching further pages as
 * needed. An edge's cursor points just past its item; at the end of an upstream page it points
 * at the next page instead, so resuming never refetches a page already consumed.
 */
export async function resolveConnection<T>(
  cursors: CursorCodec,
  request: ListRequest,
  paging: { first: number; after: ListCursor | null },
  loadPage: (upstreamCursor: string | null, provider: ProviderName | undefined) => Promise<LoadedPage<T>>,
  identity: (item: T) => string,
): Promise<ConnectionResult<T>> {
  const { first, after } = paging;
  const edges: Edge<T>[] = [];
  const seen = new Set<string>();
  let upstreamCursor = after?.c ?? null;
  let offset = after?.o ?? 0;
  let provider = after?.p;
  let hasNextPage = false;
  // Each useful page adds at least one item; this only stops an upstream that pages emptily forever.
  const pageLimit = first + 1;

  for (let pagesLoaded = 1; ; pagesLoaded++) {
    const loaded = await loadPage(upstreamCursor, provider);
    provider = loaded.provider;
    const { items, nextCursor } = loaded.page;
    if (pagesLoaded === 1 && after?.l !== undefined) offset = resumeOffset(items, offset, after.l, identity);
    let index = offset;
    for (; index < items.length && edges.length < first; index++) {
      const item = items[index] as T;
      const id = identity(item);
      // Upstreams repeat items across pages now and then; a walk must not.
      if (seen.has(id)) continue;
      seen.add(id);
      const atPageEnd = index + 1 === items.length && nextCursor !== null;
      const position = atPageEnd ? { c: nextCursor, o: 0 } : { c: upstreamCursor, o: index + 1, l: id };
      const at: ListCursor = { v: 1, k: request.kind, u: request.ownerPk, p: provider, ...position };
      edges.push(new Edge(item, request.query === undefined ? at : { ...at, q: request.query }, cursors));
    }
    if (edges.length === first) {
      hasNextPage = index < items.length || nextCursor !== null;
      break;
    }
    if (nextCursor === null) break;
    if (pagesLoaded >= pageLimit) {
      hasNextPage = true;
      break;
    }
    upstreamCursor = nextCursor;
    offset = 0;
  }

  return { edges, pageInfo: new PageInfo(hasNextPage, after !== null, edges) };
}

/** One upstream page of a parent's list; `provider` pins it to the provider that issued its cursor. */
export type PageLoader<P, T> = (parent: P, ctx: GraphQLContext, cursor: string | null, provider: ProviderName | undefined) => Promise<LoadedPage<T>>;

/**
 * A connection field over one upstream list of its parent (a user, media or location), items told
 * apart by pk: its resolver (paging checked before any call, then pages sliced into `first` items,
 * cursors tied to the list and its parent) and its declared cost.
 */
export function listField<P extends { pk: string }, T extends { pk: string }>(kind: ListKind, defaultFirst: number, loadPage: PageLoader<P, T>) {
  const resolve = (parent: P, args: ConnectionArgs, ctx: GraphQLContext): Promise<ConnectionResult<T>> => {
    const request = { kind, ownerPk: parent.pk };
    const paging = parsePaging(args, request, defaultFirst, ctx.cursors);
    return resolveConnection(ctx.cursors, request, paging, (cursor, provider) => loadPage(parent, ctx, cursor, provider), (item) => item.pk);
  };
  return { resolve, extensions: listCost(kind, defaultFirst) };
}

/**
 * Where to resume inside a page. The page may have shifted since the cursor was issued (new
 * posts arrive at the top, and a cached page expires): find the last item served and go on after
 * it; if it is gone, keep the offset.
 */
function resumeOffset<T>(items: readonly T[], offset: number, lastId: string, identity: (item: T) => string): number {
  const before = items[offset - 1];
  if (before !== undefined && identity(before) === lastId) return offset;
  const found = items.findIndex((item) => identity(item) === lastId);
  return found === -1 ? offset : found + 1;
}
