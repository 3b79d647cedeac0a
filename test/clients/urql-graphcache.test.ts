import { Client, fetchExchange } from '@urql/core';
import { cacheExchange, type CacheExchangeOpts } from '@urql/exchange-graphcache';
import { describe, expect, it } from 'vitest';
import { graphcacheOptions } from '../../examples/dashboard/src/client';
import { UNTHROTTLED } from '../helpers/instagraph';
import { world, worldUser } from '../helpers/world';
import { useDemoServer } from './demo-server';
import { FollowersWalkDocument, type FollowersWalkPage } from './documents';

const fixture = useDemoServer({ env: { ...UNTHROTTLED, PROVIDER_ORDER: 'hikerapi' } });

// natgeo's first 30 followers hold five private accounts, on the walk's second and third pages.
const natgeoFollowers = world.userList(String(worldUser('natgeo').pk), 'followers').slice(0, 30);

/** Three pages of ten through graphcache; what the client holds after each. */
async function walk(options: CacheExchangeOpts): Promise<FollowersWalkPage[]> {
  const client = new Client({ url: fixture.server.url, preferGetMethod: false, exchanges: [cacheExchange(options), fetchExchange] });
  const seen: FollowersWalkPage[] = [];
  let after: string | null = null;
  for (let page = 0; page < 3; page += 1) {
    const result = await client.query(FollowersWalkDocument, { username: 'natgeo', first: 10, after }).toPromise();
    if (result.data) seen.push(result.data);
    after = result.data?.user?.followers?.pageInfo.endCursor ?? null;
  }
  return seen;
}

describe('urql graphcache with the schema', () => {
  it('keeps every follower of a 3-page walk through private followers, their failed reels as null', async () => {
    expect(natgeoFollowers.filter((user) => user.is_private).length).toBeGreaterThan(0);
    const pages = await walk(graphcacheOptions);

    expect(pages.map((page) => page.user?.followers?.edges.length)).toEqual([10, 20, 30]);
    const nodes = pages.at(-1)?.user?.followers?.edges.map((edge) => edge.node) ?? [];
    expect(nodes.map((node) => node.username)).toEqual(natgeoFollowers.map((user) => user.username));
    for (const [index, node] of nodes.entries()) {
      // A private account's reels fail (PRIVATE_ACCOUNT); every public follower's are there.
      expect(node.reels === null, `@${node.username}'s reels`).toBe(natgeoFollowers[index]?.is_private);
    }
  });

  it('without the schema, the page with a private follower drops the list (why the schema is given)', async () => {
    const pages = await walk({ ...graphcacheOptions, schema: undefined });
    expect(pages[0]?.user?.followers?.edges).toHaveLength(10);
    expect(pages.some((page) => page.user?.followers?.edges.length === 20)).toBe(false);
  });
});
