import type { ListKind } from '../domain/types';
import { badUserInput, echo } from '../domain/errors';
import { upstreamCost, type CostInput, type FieldCost } from './cost';
import type { CursorCodec, ListCursor } from './cursors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_MEDIA_PAGE_SIZE = 12;
export const DEFAULT_USER_PAGE_SIZE = 25;
/** One upstream page of comments. */
export const DEFAULT_COMMENT_PAGE_SIZE = 15;

/**
 * Items per upstream page for each list, as the providers serve them: `first` items from offset
 * `o` of a page take ceil((o + first) / size) pages. The cost estimate plans with these; the
 * per-request budget caps what a list that pages smaller may really spend. 'whole': one call
 * answers the whole list, and its pages are cut from it.
 */
export const UPSTREAM_PAGE_SIZE: Record<ListKind, number | 'whole'> = {
  posts: 12,
  reels: 12,
  tagged: 12,
  followers: 25,
  following: 25,
  locationRecent: 12,
  locationTop: 12,
  // "one request return 15 comments" (HikerAPI); AIsa's pages hold about as many.
  comments: 15,
  likers: 'whole',
};

export interface ConnectionArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface ListRequest {
  kind: ListKind;
  /** The user, media or location whose list it is. */
  ownerPk: string;
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
  if (!after || after.k !== request.kind || after.u !== request.ownerPk || (after.q ?? undefined) !== request.query) {
    throw badUserInput(`after: "${echo(args.after)}" is not a cursor this API issued for this ${request.kind} list`);
  }
  return { first, after };
}

/**
 * The cost of a connection over an upstream list, declared on its field: the pages its `first`
 * items need from where `after` resumes (one call for a search or a whole list, which answer
 * unpaged), and a page of `first` items for its edges and nodes. Arguments execution will refuse
 * cost nothing.
 */
export function listCost(kind: ListKind, defaultFirst: number): { cost: FieldCost } {
  const first = ({ args }: CostInput): number => {
    const value = args.first ?? defaultFirst;
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAGE_SIZE ? value : 0;
  };
  const calls = (input: CostInput): number => {
    const { args, cursors } = input;
    if (typeof args.query === 'string' && args.query.trim() !== '') return 1;
    const items = first(input);
    if (items === 0) return 0;
    const pageSize = UPSTREAM_PAGE_SIZE[kind];
    if (pageSize === 'whole') return 1;
    if (typeof args.after !== 'string') return Math.ceil(items / pageSize);
    // Without the codec the resume point is unknown: at worst it is the last item of a page.
    if (!cursors) return Math.ceil((pageSize - 1 + items) / pageSize);
    const after = cursors.decode(args.after);
    return after?.k === kind ? Math.ceil((after.o + items) / pageSize) : 0;
  };
  return upstreamCost({ calls, pageItems: first });
}
