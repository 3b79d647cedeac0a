import { describe, expect, it } from 'vitest';
import type { Page } from '../src/domain/types';
import { resolveConnection } from '../src/schema/connections';
import { CursorCodec } from '../src/schema/cursors';
import { parsePaging, type ListRequest } from '../src/schema/paging';

// Pure slicing logic over pages given in memory; the HTTP path is covered in test/graphql.
const cursors = new CursorCodec('connections test secret');
const request: ListRequest = { kind: 'posts', ownerPk: '787132' };

function pagesOf(pages: Record<string, Page<string>>) {
  const loads: (string | null)[] = [];
  const loadPage = async (cursor: string | null) => {
    loads.push(cursor);
    const page = pages[cursor ?? 'first'];
    if (!page) throw new Error(`no page ${cursor}`);
    return { provider: 'hikerapi' as const, page };
  };
  return { loads, loadPage };
}

async function slice(pages: Record<string, Page<string>>, first: number, after?: string) {
  const { loads, loadPage } = pagesOf(pages);
  const result = await resolveConnection(cursors, request, parsePaging({ first, after }, request, 12, cursors), loadPage, (id) => id);
  return { ids: result.edges.map((edge) => edge.node), endCursor: result.pageInfo.endCursor, hasNextPage: result.pageInfo.hasNextPage, loads };
}

describe('resolveConnection', () => {
  const PAGES = {
    first: { items: ['a', 'b', 'c'], nextCursor: 'p2' },
    p2: { items: ['d', 'e', 'f'], nextCursor: null },
  };

  it('fills exactly `first` items across upstream pages and resumes without refetching a consumed page', async () => {
    const one = await slice(PAGES, 4);
    expect(one).toMatchObject({ ids: ['a', 'b', 'c', 'd'], hasNextPage: true, loads: [null, 'p2'] });
    const two = await slice(PAGES, 4, one.endCursor ?? undefined);
    expect(two).toMatchObject({ ids: ['e', 'f'], hasNextPage: false, loads: ['p2'] });
  });

  it('points a cursor at the next page when its item ends a page', async () => {
    const one = await slice(PAGES, 3);
    expect(one).toMatchObject({ ids: ['a', 'b', 'c'], hasNextPage: true, loads: [null] });
    expect((await slice(PAGES, 3, one.endCursor ?? undefined)).loads).toEqual(['p2']);
  });

  it('finds its place again when new items pushed the page down since the cursor was issued', async () => {
    const one = await slice(PAGES, 2);
    expect(one.ids).toEqual(['a', 'b']);
    const shifted = { ...PAGES, first: { items: ['new1', 'new2', 'a', 'b', 'c'], nextCursor: 'p2' } };
    expect((await slice(shifted, 2, one.endCursor ?? undefined)).ids).toEqual(['c', 'd']);
  });

  it('skips an item an upstream repeats across pages', async () => {
    const repeating = { first: { items: ['a', 'b'], nextCursor: 'p2' }, p2: { items: ['b', 'c'], nextCursor: null } };
    expect((await slice(repeating, 5)).ids).toEqual(['a', 'b', 'c']);
  });
});
