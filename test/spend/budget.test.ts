import { describe, expect, it } from 'vitest';
import { execute, useReplay } from '../helpers/instagraph';

const FOLLOWERS_REELS = `query FollowersReels($followers: Int!) {
  user(username: "natgeo") {
    followers(first: $followers) { nodes { username reels(first: 3) { nodes { code } } } }
  }
}`;

const upstream = useReplay();
const app = upstream.app;

describe('cost estimate and budget', () => {
  it('refuses an operation over MAX_UPSTREAM_CALLS before any upstream call', async () => {
    const result = await execute(app({ MAX_UPSTREAM_CALLS: '50' }), FOLLOWERS_REELS, { followers: 60 });
    expect(result.data).toBeUndefined();
    expect(result.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimated: 64, limit: 50 });
    expect(result.errors[0]?.message).toContain('64'); // 1 profile + 3 followers pages + 60 reels pages
    expect(upstream.replay.stats.count()).toBe(0);
  });

  it('multiplies nested fan-out and counts only what the upstream APIs need', async () => {
    const server = app();
    const cases: [string, Record<string, unknown>, number][] = [
      [FOLLOWERS_REELS, { followers: 10 }, 12],
      [FOLLOWERS_REELS, { followers: 30 }, 1 + 2 + 30],
      [`query { user(username: "natgeo") { username fullName posts(first: 30) { nodes { code owner { username } } } } }`, {}, 1 + 3],
      [`query { user(username: "natgeo") { followers(first: 5) { nodes { username followerCount } } } }`, {}, 1 + 1 + 5],
      [`query { media(code: "DW3YpRVDb9K") { code owner { followerCount } usertags { user { username } } } }`, {}, 2],
      [`query { a: user(username: "natgeo") { pk } b: user(username: "jane") { pk biography } }`, {}, 2],
      [`query { user(username: "natgeo") { followers(first: 5, query: "na") { nodes { username } } } }`, {}, 2],
    ];
    for (const [query, variables, expected] of cases) {
      const result = await execute(server, query, variables);
      expect(result.cost?.estimated, query).toBe(expected);
    }
  });

  it('prices variables as execution will see them: defaults, @include and a lone id for a list', async () => {
    const server = app();
    const withDefault = `query ($n: Int = 30) { user(username: "natgeo") { followers(first: $n) { nodes { reels(first: 3) { nodes { code } } } } } }`;
    const included = `query ($full: Boolean = true) { user(username: "natgeo") { followers(first: 3) @include(if: $full) { nodes { followerCount } } } }`;
    const loneId = `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on User { posts(first: 24) { nodes { code } } } } }`;
    // A cap of 1 refuses all but the last before any call; the refusal still reports the estimate.
    const estimate = async (query: string, variables: Record<string, unknown> = {}) =>
      (await execute(server, query, variables, { 'x-max-upstream-calls': '1' })).cost?.estimated;
    expect(await estimate(withDefault)).toBe(1 + 2 + 30);
    expect(await estimate(included)).toBe(1 + 1 + 3);
    expect(await estimate(loneId, { ids: Buffer.from('User:787132').toString('base64') })).toBe(1 + 2);
    expect(upstream.replay.stats.count()).toBe(0);
    expect(await estimate(included, { full: false })).toBe(1);
  });

  it('never lets retries start more upstream calls than the limit', async () => {
    const server = app({ PROVIDER_ORDER: 'hikerapi' });
    upstream.replay.addFault({ provider: 'hikerapi', path: '/v1/user/by/username', status: 503, times: 2 });
    const retried = await execute(server, `query { user(username: "natgeo") { pk } }`, {}, { 'x-max-upstream-calls': '1' });
    expect(retried.errors[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
    expect(upstream.replay.stats.count()).toBe(1);
  });

  it('honours a lower cap sent by the client in x-max-upstream-calls', async () => {
    const server = app();
    const capped = await execute(server, FOLLOWERS_REELS, { followers: 10 }, { 'x-max-upstream-calls': '5' });
    expect(capped.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimated: 12, limit: 5 });
    expect(upstream.replay.stats.count()).toBe(0);

    const allowed = await execute(server, FOLLOWERS_REELS, { followers: 10 }, { 'x-max-upstream-calls': '12' });
    expect(allowed.errors).toEqual([]);
    expect(allowed.cost?.upstreamCalls).toBe(12);
  });

  it('never lets a client raise its cap above the server limit', async () => {
    const result = await execute(app({ MAX_UPSTREAM_CALLS: '10' }), FOLLOWERS_REELS, { followers: 10 }, { 'x-max-upstream-calls': '1000' });
    expect(result.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', limit: 10 });
  });

  it('answers a malformed cap header with BAD_USER_INPUT', async () => {
    const result = await execute(app(), `query { user(username: "natgeo") { pk } }`, {}, { 'x-max-upstream-calls': 'lots' });
    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(upstream.replay.stats.count()).toBe(0);
  });

  it('reports in extensions.cost exactly what the upstream.replay upstream counted, per provider', async () => {
    const server = app({ PROVIDER_ORDER: 'aisa,hikerapi' });
    const query = `query {
      user(username: "natgeo") { followerCount posts(first: 14) { nodes { code } } followers(first: 3) { nodes { username } } }
    }`;
    const result = await execute(server, query);
    expect(result.errors).toEqual([]);
    const cost = result.cost;
    expect(cost?.byProvider.aisa?.upstreamCalls).toBe(upstream.replay.stats.count({ provider: 'aisa' }));
    expect(cost?.byProvider.hikerapi?.upstreamCalls).toBe(upstream.replay.stats.count({ provider: 'hikerapi' }));
    expect(cost?.upstreamCalls).toBe(upstream.replay.stats.count());
    // AIsa: profile and two posts pages; HikerAPI: the followers page AIsa cannot serve.
    expect(cost).toMatchObject({ upstreamCalls: 4, byProvider: { aisa: { upstreamCalls: 3 }, hikerapi: { upstreamCalls: 1 } } });
  });

  it('rejects over-deep and over-aliased operations before execution', async () => {
    const server = app({ MAX_DEPTH: '4', MAX_ALIASES: '3' });
    const deep = await execute(server, `query { user(username: "natgeo") { followers { nodes { followers { nodes { username } } } } } }`);
    expect(deep.errors[0]?.message).toMatch(/depth/i);
    const aliased = await execute(server, `query { a: user(username: "a") { pk } b: user(username: "b") { pk } c: user(username: "c") { pk } d: user(username: "d") { pk } }`);
    expect(aliased.errors[0]?.message).toMatch(/alias/i);
    expect(upstream.replay.stats.count()).toBe(0);
  });
});
