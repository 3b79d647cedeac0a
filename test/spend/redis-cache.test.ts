import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_FORMAT_VERSION } from '../../src/data/cached-values';
import type { ReplayServer } from '../../src/replay/types';
import { createApp, execute, startReplay } from '../helpers/instagraph';
import { redisServerAvailable, startRedis } from '../helpers/redis';

const QUERY = `query { user(username: "natgeo") { followerCount posts(first: 5) { nodes { code likeCount } } } }`;

let replay: ReplayServer;
let redis: Awaited<ReturnType<typeof startRedis>>;

describe.runIf(redisServerAvailable())('Redis-backed cache', () => {
  beforeAll(async () => {
    [replay, redis] = await Promise.all([startReplay(), startRedis()]);
  });

  afterAll(async () => {
    await Promise.all([replay.close(), redis.stop()]);
  });

  it('is shared by two server instances (replicas)', async () => {
    const first = createApp(replay, { cache: true, env: { REDIS_URL: redis.url } });
    const second = createApp(replay, { cache: true, env: { REDIS_URL: redis.url } });
    await Promise.all([first.connected(), second.connected()]);
    try {
      const cold = await execute(first, QUERY);
      expect(cold.errors).toEqual([]);
      expect(replay.stats.count()).toBe(2);
      // Writes are fire-and-forget: give them a moment to land.
      await new Promise((resolve) => setTimeout(resolve, 50));

      const fromReplica = await execute(second, QUERY);
      expect(fromReplica.data).toEqual(cold.data);
      expect(fromReplica.cost).toMatchObject({ upstreamCalls: 0, cacheHits: 2 });
      expect(replay.stats.count()).toBe(2);
    } finally {
      await Promise.all([first.close(), second.close()]);
      replay.stats.reset();
    }
  });

  it('degrades to calling upstream, without errors, when Redis is down', async () => {
    const stopped = await startRedis();
    const app = createApp(replay, { cache: true, env: { REDIS_URL: stopped.url } });
    try {
      await stopped.stop();
      for (let attempt = 0; attempt < 2; attempt++) {
        const result = await execute(app, QUERY);
        expect(result.errors).toEqual([]);
        expect(result.data).toMatchObject({ user: { followerCount: 274988955 } });
      }
      expect(replay.stats.count()).toBe(4);
    } finally {
      await app.close();
      replay.stats.reset();
    }
  });

  it('ignores entries an older deploy wrote: an unversioned key, and a current key holding an old shape', async () => {
    const writer = new Redis(redis.url);
    const app = createApp(replay, { cache: true, env: { REDIS_URL: redis.url } });
    await app.connected();
    try {
      const key = 'hikerapi:userByUsername:jane';
      // Valid today's shape but under the old key format: must not be read.
      await writer.set(`instagraph:${key}`, JSON.stringify({ value: { pk: '1', username: 'jane', followerCount: 1 } }));
      // Today's key, but a value shaped as an older domain type (snake_case counts, numeric pk).
      await writer.set(`instagraph:v${CACHE_FORMAT_VERSION}:${key}`, JSON.stringify({ value: { pk: 1, username: 'jane', follower_count: 1 } }));
      const result = await execute(app, 'query { user(username: "jane") { pk followerCount } }');
      expect(result.errors).toEqual([]);
      expect(result.cost).toMatchObject({ upstreamCalls: 1, cacheHits: 0 });
      expect(result.data).not.toMatchObject({ user: { followerCount: 1 } });
      expect(replay.stats.count({ path: '/v1/user/by/username' })).toBe(1);
    } finally {
      writer.disconnect();
      await app.close();
      replay.stats.reset();
    }
  });
});
