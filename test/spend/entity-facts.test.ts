import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { createApp, execute, startReplay } from '../helpers/instagraph';
import { redisServerAvailable, useRedis } from '../helpers/redis';
import { pkOf, world } from '../helpers/world';


interface Nodes {
  user: { reels?: { nodes: { id: string; code: string; playCount: number | null }[] }; posts?: { nodes: { id: string; code: string; productType: string; playCount: number | null }[] } };
}

/** The play count of every natgeo reel, as /clips/chunk states it in the fixture world. */
const reelPlayCounts = new Map(world.mediaList(pkOf('natgeo'), 'reels').map((reel) => [reel.code, reel.play_count]));

type NoVariables = Record<string, never>;
const REELS: TypedDocumentNode<Nodes, NoVariables> = parse(`query { user(username: "natgeo") { reels(first: 34) { nodes { id code playCount } } } }`);
const POSTS: TypedDocumentNode<Nodes, NoVariables> = parse(`query { user(username: "natgeo") { posts(first: 52) { nodes { id code productType playCount } } } }`);
const CATEGORY: TypedDocumentNode<{ user: { category: string | null } }, NoVariables> = parse('{ user(username: "natgeo") { category } }');
const run = (server: Instagraph, document: TypedDocumentNode<Nodes, NoVariables>) => execute(server, document, {});

function reelsInPosts(answer: { data?: Nodes | null }) {
  return (answer.data?.user.posts?.nodes ?? []).filter((media) => reelPlayCounts.has(media.code));
}

describe('consistent entities across sources', () => {
  let replay: ReplayServer;
  const apps: Instagraph[] = [];
  const app = (env: Record<string, string> = {}) => {
    const instance = createApp(replay, { providers: 'hikerapi', cache: true, env });
    apps.push(instance);
    return instance;
  };

  beforeAll(async () => {
    replay = await startReplay();
  });

  afterAll(async () => {
    await Promise.all(apps.map((instance) => instance.close()));
    await replay?.close();
  });

  it("fills a reel's play count in the posts feed from /clips/chunk, at no upstream call", async () => {
    const server = app();
    expect(reelsInPosts(await run(server, POSTS)).every((reel) => reel.playCount === null)).toBe(true);
    await run(server, REELS);
    replay.stats.reset();

    // Posts come from the cache now; the reels' play counts come from what /clips/chunk said.
    const posts = await run(server, POSTS);
    expect(replay.stats.count()).toBe(0);
    const reels = reelsInPosts(posts);
    expect(reels.length).toBeGreaterThan(5);
    for (const reel of reels) expect(reel.playCount, reel.code).toBe(reelPlayCounts.get(reel.code));
  });

  it('keeps every play count known once reels were seen first (fresh posts filled too)', async () => {
    const server = app();
    await run(server, REELS);
    const posts = await run(server, POSTS);
    expect(reelsInPosts(posts).map((reel) => reel.playCount)).not.toContain(null);
  });

  it('fills nothing once the media TTL is 0, and never replaces a stated value', async () => {
    const server = app({ CACHE_TTL_MEDIA_S: '0' });
    await run(server, REELS);
    expect(reelsInPosts(await run(server, POSTS)).every((reel) => reel.playCount === null)).toBe(true);

    // natgeo's category is stated as "" by HikerAPI: nothing fills it.
    const known = app();
    const profile = await execute(known, CATEGORY, {});
    expect(profile.data?.user.category).toBe('');
  });

  describe.runIf(redisServerAvailable())('with Redis', () => {
    const redis = useRedis();

    it("shares what one replica learned: the other fills the posts feed's play counts", async () => {
      const first = app({ REDIS_URL: redis.url, CACHE_TTL_MEDIA_LIST_S: '0' });
      const second = app({ REDIS_URL: redis.url, CACHE_TTL_MEDIA_LIST_S: '0' });
      await Promise.all([first.connected(), second.connected()]);
      await run(first, REELS);
      const posts = await run(second, POSTS);
      expect(reelsInPosts(posts).map((reel) => reel.playCount)).toEqual(reelsInPosts(posts).map((reel) => reelPlayCounts.get(reel.code)));
    });
  });
});
