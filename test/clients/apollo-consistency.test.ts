import { gql } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { UNTHROTTLED } from '../helpers/instagraph';
import { createApolloClient } from './apollo-client';
import { useDemoServer } from './demo-server';

// Issue 12, item 1: HikerAPI's feed (posts) does not report the play count of a reel that its
// /clips/chunk (reels) does; a normalized client cache must not see a known count turn into null.
const fixture = useDemoServer({ env: { ...UNTHROTTLED, PROVIDER_ORDER: 'hikerapi' } });

interface MediaNodes {
  nodes: { id: string; playCount: number | null }[];
}

const REELS = gql`
  query Reels {
    user(username: "natgeo") { id reels(first: 12) { nodes { id playCount } } }
  }
`;
const POSTS = gql`
  query Posts {
    user(username: "natgeo") { id posts(first: 12) { nodes { id playCount } } }
  }
`;
const PLAY_COUNT = gql`
  fragment PlayCount on Media { playCount }
`;

describe('Apollo Client InMemoryCache', () => {
  it("keeps every reel's play count after the same user's posts load", async () => {
    const client = createApolloClient(fixture.server.url);
    const reels = (await client.query<{ user: { reels: MediaNodes } }>({ query: REELS })).data?.user.reels.nodes ?? [];
    const posts = (await client.query<{ user: { posts: MediaNodes } }>({ query: POSTS })).data?.user.posts.nodes ?? [];
    expect(reels).toHaveLength(12);
    expect(reels.filter((reel) => reel.playCount === null)).toEqual([]);
    // Meaningful only when some of the reels are among the posts too.
    expect(posts.filter((post) => reels.some((reel) => reel.id === post.id)).length).toBeGreaterThan(0);

    const cached = reels.map(({ id }) => ({
      id,
      playCount: client.readFragment<{ playCount: number | null }>({ id: client.cache.identify({ __typename: 'Media', id }), fragment: PLAY_COUNT })?.playCount,
    }));
    expect(cached.filter((reel) => reel.playCount === null || reel.playCount === undefined)).toEqual([]);
  });
});
