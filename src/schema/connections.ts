import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { LIST_KINDS, PROVIDER_NAMES, type ListKind, type ProviderName } from '../domain/types';
import { badUserInput } from '../domain/errors';
import type { LoadedPage } from '../data/request-data';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_MEDIA_PAGE_SIZE = 12;
export const DEFAULT_USER_PAGE_SIZE = 25;

/**
 * Items per upstream page for each list, as the providers serve them: `first` items take
 * ceil(first / size) pages, one more when a cursor resumes mid-page. The cost estimate plans
 * with these; the per-request budget caps what a list that pages smaller may really spend.
 */
export const UPSTREAM_PAGE_SIZE: Record<ListKind, number> = {
  posts: 12,
  reels: 12,
  tagged: 12,
  followers: 25,
  following: 25,
};

/** Where the next item sits upstream: the provider, its cursor for the page, and the offset inside it. */
const cursorSchema = z.object({
  v: z.literal(1),
  k: z.enum(LIST_KINDS),
  u: z.string().regex(/^\d+$/),
  p: z.enum(PROVIDER_NAMES as [ProviderName, ...ProviderName[]]),
  c: z.string().nullable(),
  o: z.number().int().min(0).max(100_000),
  /** The id of the item just before the offset, to find our place again if the page has shifted. */
  l: z.string().optional(),
  q: z.string().optional(),
});

export type ListCursor = z.infer<typeof cursorSchema>;

const CURSOR_PREFIX = 'ig1.';

/**
 * Cursors are signed: one we did not issue (forged, or edited to point elsewhere) is refused as
 * BAD_USER_INPUT before it can cost an upstream call. Replicas share the secret, so a cursor from
 * one is good on another.
 */
export class CursorCodec {
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  encode(cursor: ListCursor): string {
    const payload = Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
    return `${CURSOR_PREFIX}${payload}.${this.sign(payload)}`;
  }

  decode(value: string): ListCursor | null {
    if (!value.startsWith(CURSOR_PREFIX)) return null;
    const [payload, signature, ...rest] = value.slice(CURSOR_PREFIX.length).split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const result = cursorSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      return result.success ? result.data : null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16).toString('base64url');
  }
}

export interface ConnectionArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface ListRequest {
  kind: ListKind;
  userPk: string;
  /** Search text for followers/following; a cursor is only valid for the same search. */
  query?: string | undefined;
}

/** Validate paging arguments before any upstream call: forward paging only, 1..100 items, our own cursors. */
export function parsePaging(
  args: ConnectionArgs,
  request: ListRequest,
  defaultFirst: number,
  cursors: CursorCodec,
): { first: number; after: ListCursor | null } {
  if (args.last != null || args.before != null) {
    throw badUserInput('Backward pagination (last/before) is not supported: upstream lists page forward only. Use first/after.');
  }
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
  }
  if (args.after == null) return { first, after: null };
  const after = cursors.decode(args.after);
  if (!after || after.k !== request.kind || after.u !== request.userPk || (after.q ?? undefined) !== request.query) {
    throw badUserInput(`after: "${args.after}" is not a cursor this API issued for this ${request.kind} list`);
  }
  return { first, after };
}

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
      const at: ListCursor = { v: 1, k: request.kind, u: request.userPk, p: provider, ...position };
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
