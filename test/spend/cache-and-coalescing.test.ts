import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { execute, useReplay } from '../helpers/instagraph';

const PROFILE = `query { user(username: "natgeo") { username followerCount } }`;
const FOLLOWERS_REELS = `query {
  user(username: "natgeo") {
    followers(first: 10) { nodes { username reels(first: 3) { nodes { code playCount } } } }
  }
}`;

const upstream = useReplay({ cache: true });
const app = upstream.app;

describe('cross-request cache', () => {
  it('answers a repeated query within TTL with no upstream call', async () => {
    const server = app();
    const cold = await execute(server, FOLLOWERS_REELS);
    expect(upstream.replay.stats.count()).toBe(12);
    expect(cold.cost).toMatchObject({ upstreamCalls: 12, cacheHits: 0 });

    const warm = await execute(server, FOLLOWERS_REELS);
    expect(warm.data).toEqual(cold.data);
    expect(upstream.replay.stats.count()).toBe(12);
    expect(warm.cost).toMatchObject({ upstreamCalls: 0, cacheHits: 12 });
  });

  it('calls upstream again once the TTL is 0 (caching off for that kind)', async () => {
    const server = app({ CACHE_TTL_PROFILE_S: '0' });
    await execute(server, PROFILE);
    await execute(server, PROFILE);
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: '/v1/user/by/username' })).toBe(2);
  });

  it('serves a profile fetched by username to a later lookup by pk', async () => {
    const server = app();
    await execute(server, PROFILE);
    const byPk = await execute(server, `query { userByPk(pk: "787132") { username mediaCount } }`);
    expect(byPk.data).toEqual({ userByPk: { username: 'natgeo', mediaCount: 31529 } });
    expect(upstream.replay.stats.count()).toBe(1);
  });

  it('remembers NOT_FOUND briefly (HikerAPI bills it) but never caches other errors', async () => {
    // One provider only: with two, the 402 below would fail over to AIsa.
    const server = app({ PROVIDER_ORDER: 'hikerapi' });
    const query = `query { user(username: "no.such.account.here") { username } }`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await execute(server, query);
      expect(result.data).toEqual({ user: null });
      expect(result.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(upstream.replay.stats.count()).toBe(1);

    upstream.replay.addFault({ provider: 'hikerapi', path: '/v1/user/by/username', status: 402, times: 1 });
    const failed = await execute(server, PROFILE);
    expect(failed.errors[0]?.extensions?.code).toBe('UPSTREAM_PAYMENT_REQUIRED');
    const recovered = await execute(server, PROFILE);
    expect(recovered.data).toEqual({ user: { username: 'natgeo', followerCount: 274988955 } });
    expect(upstream.replay.stats.count({ path: '/v1/user/by/username' })).toBe(3);
  });

  it('stays bounded by entries (an evicted result is fetched again)', async () => {
    const server = app({ CACHE_MAX_ENTRIES: '1' });
    await execute(server, PROFILE);
    await execute(server, `query { user(username: "jane") { username } }`);
    await execute(server, PROFILE);
    expect(upstream.replay.stats.count({ path: '/v1/user/by/username' })).toBe(3);
  });
});

describe('coalescing', () => {
  it('lets concurrent identical requests share one upstream call per distinct call', async () => {
    upstream.replay.setLatency(100);
    const server = app();
    const [first, second] = await Promise.all([execute(server, FOLLOWERS_REELS), execute(server, FOLLOWERS_REELS)]);
    expect(first.data).toEqual(second.data);
    expect(upstream.replay.stats.count()).toBe(12);
    const spent = [first, second].map((result) => result.cost?.upstreamCalls ?? -1);
    expect(spent.reduce((sum, calls) => sum + calls, 0)).toBe(12);
  });

  it('shares one call between different queries that need the same profile at the same time', async () => {
    upstream.replay.setLatency(100);
    const server = app();
    await Promise.all([
      execute(server, `query { user(username: "jane") { fullName } }`),
      execute(server, `query { me: user(username: "jane") { followerCount } }`),
    ]);
    expect(upstream.replay.stats.count()).toBe(1);
  });

  it("does not pass one request's cancellation on to another that joined its call", async () => {
    upstream.replay.setLatency(300);
    const server = app({ PROVIDER_ORDER: 'hikerapi' });
    // Over a real socket, so that the first client going away aborts its request on the server.
    const http = createServer(server.yoga);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    const post = (signal?: AbortSignal) =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query { user(username: "jane") { fullName } }` }),
        signal,
      });
    try {
      const owner = new AbortController();
      const first = post(owner.signal).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = post();
      await new Promise((resolve) => setTimeout(resolve, 50));
      owner.abort();
      const joined = (await (await second).json()) as { data?: unknown; errors?: unknown[] };
      expect(joined.errors).toBeUndefined();
      expect(joined.data).toEqual({ user: { fullName: 'Jane Williamson' } });
      expect(await first).toBeInstanceOf(Error);
      // The joiner made its own call after the shared one was cancelled.
      expect(upstream.replay.stats.count({ path: '/v1/user/by/username' })).toBeGreaterThanOrEqual(1);
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
