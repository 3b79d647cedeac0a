import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderName } from '../../src/domain/types';
import type { ReplayServer } from '../../src/replay/types';
import { loadWorld } from '../../src/replay/world';
import { aisa, hiker, startTestServer, HIKERAPI_KEY, type Json } from './helpers';

let server: ReplayServer;

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

describe('counters', () => {
  it('counts every answered call per provider and path, errors included', async () => {
    await hiker(server, '/v1/user/by/username', { username: 'natgeo' });
    await hiker(server, '/v1/user/by/username', { username: 'natgeo' }, 'wrong');
    await hiker(server, '/v1/user/by/username', { username: 'nobody.at.all' });
    await aisa(server, '/instagram/profile', { handle: 'natgeo' });
    expect(server.stats.count()).toBe(4);
    expect(server.stats.count({ provider: 'hikerapi' })).toBe(3);
    expect(server.stats.count({ provider: 'hikerapi', path: '/v1/user/by/username' })).toBe(3);
    expect(server.stats.count({ path: '/instagram/profile' })).toBe(1);
    expect(server.stats.calls.map((call) => call.status)).toEqual([200, 401, 404, 200]);
    expect(server.stats.calls[3]).toMatchObject({ provider: 'aisa', path: '/instagram/profile', params: { handle: 'natgeo' } });
    server.stats.reset();
    expect(server.stats.count()).toBe(0);
  });

  it('tracks the most calls in flight and applies latency', async () => {
    server.setLatency(150);
    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => hiker(server, '/v1/user/by/id', { id: '787132' })));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(server.stats.maxInFlight).toBe(5);
    server.setLatency(0);
    server.stats.reset();
    await hiker(server, '/v1/user/by/id', { id: '787132' });
    expect(server.stats.maxInFlight).toBe(1);
  });
});

describe('faults', () => {
  it('answers a status with the documented body, Retry-After, for `times` matching calls only', async () => {
    server.addFault({ provider: 'hikerapi', path: '/v1/user/clips/chunk', params: { user_id: '787132' }, status: 429, retryAfterSeconds: 2, times: 2 });
    const other = await hiker(server, '/v1/user/clips/chunk', { user_id: '1029649300' });
    expect(other.status).toBe(200);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const limited = await hiker(server, '/v1/user/clips/chunk', { user_id: '787132' });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('2');
      expect(limited.body).toMatchObject({ detail: expect.any(String), exc_type: expect.any(String) });
    }
    expect((await hiker(server, '/v1/user/clips/chunk', { user_id: '787132' })).status).toBe(200);
    expect(server.stats.calls.map((call) => call.status)).toEqual([200, 429, 429, 200]);
  });

  it("uses AIsa's documented bodies per status, or the given body", async () => {
    server.addFault({ provider: 'aisa', status: 402, times: 1 });
    server.addFault({ provider: 'aisa', status: 502, times: 1 });
    server.addFault({ provider: 'aisa', status: 503, times: 1 });
    server.addFault({ provider: 'aisa', status: 429, times: 1 });
    server.addFault({ provider: 'aisa', status: 500, body: { error: 'custom' }, times: 1 });
    const bodies = [];
    for (let call = 0; call < 5; call += 1) bodies.push(await aisa(server, '/instagram/profile', { handle: 'natgeo' }));
    expect(bodies.map((answer) => answer.status)).toEqual([402, 502, 503, 429, 500]);
    expect(bodies[0]?.body).toMatchObject({ error: { code: 'insufficient_api_key_balance', retryable: false } });
    expect(bodies[1]?.body).toEqual({ error: 'provider request failed' });
    expect(bodies[2]?.body).toMatchObject({ retryable: true });
    expect(bodies[3]?.body).toEqual({ error: 'rate limited' });
    expect(bodies[4]?.body).toEqual({ error: 'custom' });
  });

  it('does not let a fault hide a bad key', async () => {
    server.addFault({ status: 503 });
    expect((await hiker(server, '/v1/user/by/id', { id: '787132' }, 'wrong')).status).toBe(401);
  });

  it('delays a matching call by delayMs', async () => {
    server.addFault({ path: '/v1/user/by/id', delayMs: 200, times: 1 });
    const started = Date.now();
    expect((await hiker(server, '/v1/user/by/id', { id: '787132' })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('answers 200 with a body that is not JSON', async () => {
    server.addFault({ path: '/instagram/user/posts', malformedJson: true, times: 1 });
    const answer = await aisa(server, '/instagram/user/posts', { handle: 'natgeo' });
    expect(answer.status).toBe(200);
    expect(() => JSON.parse(answer.text)).toThrow();
  });

  it('drops the connection part way through the body', async () => {
    server.addFault({ path: '/v1/user/medias/chunk', dropConnection: true, times: 1 });
    const response = await request(`${server.hikerapiUrl}/v1/user/medias/chunk?user_id=787132`, { headers: { 'x-access-key': HIKERAPI_KEY } });
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toThrow();
    expect((await hiker(server, '/v1/user/medias/chunk', { user_id: '787132' })).status).toBe(200);
  });

  it('removes a dotted field from every item without touching the world', async () => {
    server.addFault({ path: '/v1/user/medias/chunk', omitField: 'user.username', times: 1 });
    const stripped = (await hiker(server, '/v1/user/medias/chunk', { user_id: '787132' })).body as [Json[], string];
    expect(stripped[0]).toHaveLength(12);
    for (const item of stripped[0]) {
      expect(item.user as Json).not.toHaveProperty('username');
      expect(item).toHaveProperty('code');
    }
    const intact = (await hiker(server, '/v1/user/medias/chunk', { user_id: '787132' })).body as [Json[], string];
    expect((intact[0][0]?.user as Json).username).toBe('natgeo');

    server.addFault({ path: '/instagram/user/reels', omitField: 'code', times: 1 });
    const reels = (await aisa(server, '/instagram/user/reels', { handle: 'coralcam' })).body as { items: { media: Json }[] };
    expect(reels.items.length).toBe(12);
    for (const item of reels.items) expect(item.media).not.toHaveProperty('code');
  });

  it('hangs a call forever, and close() still returns promptly', async () => {
    server.addFault({ path: '/v1/user/by/username', hang: true });
    const hung = request(`${server.hikerapiUrl}/v1/user/by/username?username=natgeo`, {
      headers: { 'x-access-key': HIKERAPI_KEY },
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toThrow();
    expect(server.stats.calls.at(-1)).toMatchObject({ path: '/v1/user/by/username', status: 0 });

    const stillHanging = request(`${server.hikerapiUrl}/v1/user/by/username?username=natgeo`, {
      headers: { 'x-access-key': HIKERAPI_KEY },
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await stillHanging).toBeInstanceOf(Error);
  });

  it('clears faults', async () => {
    server.addFault({ status: 500 });
    expect((await hiker(server, '/v1/user/by/id', { id: '787132' })).status).toBe(500);
    server.clearFaults();
    expect((await hiker(server, '/v1/user/by/id', { id: '787132' })).status).toBe(200);
  });
});

describe('the engagement and account-detail routes', () => {
  const world = loadWorld();
  const pkOf = (username: string): string => String(world.userByUsername(username)?.pk);
  const natgeoPost = world.mediaList(pkOf('natgeo'), 'posts')[0];
  const postUrl = `https://www.instagram.com/p/${natgeoPost?.code}/`;
  const [coralHighlight] = world.highlights(pkOf('coralcam'));
  const spokenReel = world.media.find((media) => world.transcript(media.pk) !== undefined && !media.user.is_private);

  /** Each new route with a call that answers items, and a field every item has. */
  const ROUTES: { provider: ProviderName; path: string; params: Record<string, string>; field: string; items: (body: unknown) => Json[] }[] = [
    { provider: 'hikerapi', path: '/v1/media/comments/chunk', params: { id: String(natgeoPost?.pk) }, field: 'user.username', items: (body) => (body as [Json[]])[0] },
    { provider: 'hikerapi', path: '/v1/media/likers', params: { id: String(natgeoPost?.pk) }, field: 'username', items: (body) => body as Json[] },
    { provider: 'hikerapi', path: '/v1/location/medias/recent/chunk', params: { location_pk: '213047514' }, field: 'code', items: (body) => (body as [Json[]])[0] },
    { provider: 'hikerapi', path: '/v1/location/medias/top/chunk', params: { location_pk: '213055433' }, field: 'code', items: (body) => (body as [Json[]])[0] },
    { provider: 'hikerapi', path: '/v1/user/about', params: { id: pkOf('natgeo') }, field: 'country', items: (body) => [body as Json] },
    { provider: 'hikerapi', path: '/v2/user/stories', params: { user_id: pkOf('coralcam') }, field: 'code', items: (body) => (body as { reel: { items: Json[] } }).reel.items },
    { provider: 'hikerapi', path: '/v2/user/highlights', params: { user_id: pkOf('coralcam') }, field: 'title', items: (body) => (body as { response: { tray: Json[] } }).response.tray },
    { provider: 'aisa', path: '/instagram/post/comments', params: { url: postUrl }, field: 'user.username', items: (body) => (body as { comments: Json[] }).comments },
    { provider: 'aisa', path: '/instagram/media/transcript', params: { url: `https://www.instagram.com/reel/${spokenReel?.code}/` }, field: 'text', items: (body) => (body as { transcripts: Json[] }).transcripts },
    { provider: 'aisa', path: '/instagram/user/highlights', params: { user_id: pkOf('coralcam') }, field: 'title', items: (body) => (body as { highlights: Json[] }).highlights },
    { provider: 'aisa', path: '/instagram/user/highlight/detail', params: { id: String(coralHighlight?.id) }, field: 'code', items: (body) => (body as { items: Json[] }).items },
  ];
  const call = (route: (typeof ROUTES)[number]) => (route.provider === 'hikerapi' ? hiker : aisa)(server, route.path, route.params);
  const field = (item: Json, dotted: string): unknown =>
    dotted.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], item);

  it.each(ROUTES)('$provider $path is counted, takes status faults and loses an item field on omitField', async (route) => {
    const normal = await call(route);
    expect(normal.status).toBe(200);
    const items = route.items(normal.body);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(field(item, route.field)).toBeDefined();

    server.addFault({ provider: route.provider, path: route.path, status: 503, times: 1 });
    const failed = await call(route);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject(route.provider === 'hikerapi' ? { exc_type: 'ServiceUnavailable' } : { retryable: true });

    server.addFault({ provider: route.provider, path: route.path, omitField: route.field, times: 1 });
    const stripped = route.items((await call(route)).body);
    expect(stripped).toHaveLength(items.length);
    for (const item of stripped) expect(field(item, route.field)).toBeUndefined();

    expect(server.stats.count({ provider: route.provider, path: route.path })).toBe(3);
    expect(server.stats.calls.map((answered) => answered.status)).toEqual([200, 503, 200]);
  });
});
