import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../src/domain/provider';
import { createAisaProvider, mapAisaError } from '../../src/providers/aisa';
import {
  UpstreamAuthError,
  UpstreamBadRequestError,
  UpstreamError,
  UpstreamNotFoundError,
  UpstreamPaymentRequiredError,
  UpstreamRateLimitedError,
  UpstreamUnavailableError,
} from '../../src/upstream/errors';
import type { UpstreamCallEvent, UpstreamErrorResponse } from '../../src/upstream/http';

const API_KEY = 'sk-aisa-test-4f8c2d9e7b1a6053';
const FIXTURES = join(import.meta.dirname, '../../fixtures/examples/aisa');
const fixtureText = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

interface SeenRequest {
  path: string;
  params: Record<string, string>;
  authorization: string | undefined;
}

/** A loopback stand-in for AIsa: each test sets `reply`; every request is recorded. */
let server: Server;
let baseUrl: string;
let reply: (request: IncomingMessage) => Reply;
const seen: SeenRequest[] = [];
const calls: UpstreamCallEvent[] = [];
let provider: Provider;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    seen.push({ path: url.pathname, params: Object.fromEntries(url.searchParams), authorization: request.headers.authorization });
    const { status, body, headers } = reply(request);
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/apis/v1`;
  provider = createAisaProvider({ apiKey: API_KEY, baseUrl, onCall: (event) => calls.push(event) });
});

afterEach(() => {
  seen.length = 0;
  calls.length = 0;
});

afterAll(async () => {
  await provider.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(call: () => Promise<unknown>): Promise<UpstreamError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error('expected the call to fail');
}

function expectNoKey(error: UpstreamError): void {
  const surfaces = [error.message, String(error), error.stack ?? '', JSON.stringify({ ...error })];
  for (const surface of surfaces) {
    expect(surface).not.toContain(API_KEY);
  }
}

describe('mapAisaError', () => {
  const response = (status: number, body: unknown, headers: Record<string, string> = {}): UpstreamErrorResponse => ({
    provider: 'aisa',
    endpoint: '/instagram/user/posts',
    status,
    headers,
    body,
  });

  it.each([
    [400, { error: 'request does not match the endpoint contract' }, UpstreamBadRequestError, 'UPSTREAM_BAD_REQUEST', undefined],
    [422, 'Unprocessable', UpstreamBadRequestError, 'UPSTREAM_BAD_REQUEST', undefined],
    [401, { code: 'invalid_api_key', error: 'Invalid API key' }, UpstreamAuthError, 'UPSTREAM_AUTH', 'invalid_api_key'],
    [403, 'Forbidden', UpstreamAuthError, 'UPSTREAM_AUTH', undefined],
    [404, { success: false, credits_remaining: 90, error: 'Not Found', errorStatus: 404, message: 'User not found' }, UpstreamNotFoundError, 'NOT_FOUND', undefined],
    [429, { error: 'rate limited' }, UpstreamRateLimitedError, 'UPSTREAM_RATE_LIMITED', undefined],
    [500, '<html>Internal Server Error</html>', UpstreamUnavailableError, 'UPSTREAM_UNAVAILABLE', undefined],
    [502, { error: 'provider request failed' }, UpstreamUnavailableError, 'UPSTREAM_UNAVAILABLE', undefined],
    [503, { error: { code: 'service_unavailable', message: 'try later', retryable: true } }, UpstreamUnavailableError, 'UPSTREAM_UNAVAILABLE', 'service_unavailable'],
  ])('maps %i to its typed error', (status, body, errorClass, code, upstreamType) => {
    const error = mapAisaError(response(status, body));
    expect(error).toBeInstanceOf(errorClass);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.upstreamType).toBe(upstreamType);
    expect(error.provider).toBe('aisa');
    expect(error.message).toMatch(new RegExp(`^aisa /instagram/user/posts answered ${status}`));
  });

  it.each(['insufficient_api_key_balance', 'insufficient_wallet_balance', 'estimated_price_exceeds_max_price'])(
    'maps 402 %s to UPSTREAM_PAYMENT_REQUIRED with that upstreamType',
    (upstreamCode) => {
      const error = mapAisaError(response(402, { error: { code: upstreamCode, message: 'Top up to continue', retryable: false } }));
      expect(error).toBeInstanceOf(UpstreamPaymentRequiredError);
      expect(error.code).toBe('UPSTREAM_PAYMENT_REQUIRED');
      expect(error.upstreamType).toBe(upstreamCode);
      expect(error.retryable).toBe(false);
      expect(error.message).toBe(`aisa /instagram/user/posts answered 402 (${upstreamCode}): Top up to continue`);
    },
  );

  it('quotes the upstream message from each body shape', () => {
    expect(mapAisaError(response(401, { code: 'invalid_api_key', error: 'Invalid API key' })).message).toBe(
      'aisa /instagram/user/posts answered 401 (invalid_api_key): Invalid API key',
    );
    expect(mapAisaError(response(404, { success: false, error: 'Not Found', errorStatus: 404, message: 'User not found' })).message).toBe(
      'aisa /instagram/user/posts answered 404: Not Found: User not found',
    );
    expect(mapAisaError(response(502, 'Bad Gateway\n')).message).toBe('aisa /instagram/user/posts answered 502: Bad Gateway');
    expect(mapAisaError(response(500, null)).message).toBe('aisa /instagram/user/posts answered 500');
    expect(mapAisaError(response(500, 'x'.repeat(5000))).message.length).toBeLessThan(400);
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    const seconds = mapAisaError(response(429, {}, { 'retry-after': '7' }));
    expect(seconds).toBeInstanceOf(UpstreamRateLimitedError);
    expect((seconds as UpstreamRateLimitedError).retryAfterMs).toBe(7000);
    const date = mapAisaError(response(429, {}, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }));
    expect((date as UpstreamRateLimitedError).retryAfterMs).toBeGreaterThan(25_000);
    expect((date as UpstreamRateLimitedError).retryAfterMs).toBeLessThanOrEqual(30_000);
    expect((mapAisaError(response(429, {})) as UpstreamRateLimitedError).retryAfterMs).toBeUndefined();
  });

  it('takes retryability of a 5xx from the body when it says so', () => {
    expect(mapAisaError(response(503, { error: { code: 'x', message: 'down', retryable: false } })).retryable).toBe(false);
    expect(mapAisaError(response(503, { error: 'down' })).retryable).toBe(true);
    expect(mapAisaError(response(410, 'Gone')).retryable).toBe(false);
  });

  it('never quotes a bearer token the upstream echoed', () => {
    const error = mapAisaError(response(401, { error: `bad header Bearer ${API_KEY}` }));
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).toContain('Bearer [redacted]');
  });
});

describe('createAisaProvider over HTTP', () => {
  it('serves exactly the operations AIsa has', () => {
    expect(provider.name).toBe('aisa');
    const missing = [
      'userTagged', 'followers', 'following', 'searchFollowers', 'searchFollowing', 'pinnedMedia', 'locationByPk',
      'locationRecentMedia', 'locationTopMedia', 'likers', 'userAbout', 'userStories',
    ] as const;
    for (const operation of missing) expect(provider[operation], operation).toBeUndefined();
    for (const operation of ['comments', 'transcript', 'userHighlights', 'highlightItems'] as const) {
      expect(typeof provider[operation], operation).toBe('function');
    }
  });

  it('addresses comments and transcripts by the post URL, highlights by user id, a highlight by its bare id', async () => {
    const bodies: Record<string, string> = {
      '/apis/v1/instagram/post/comments': fixtureText('post-comments.json'),
      '/apis/v1/instagram/media/transcript': fixtureText('media-transcript.json'),
      '/apis/v1/instagram/user/highlights': fixtureText('user-highlights.json'),
      '/apis/v1/instagram/user/highlight/detail': fixtureText('user-highlight-detail.json'),
    };
    reply = (request) => ({ status: 200, body: bodies[new URL(request.url ?? '/', 'http://x').pathname] ?? '{}' });
    const reel = { pk: '3597267389859272809', code: 'DHsD6HGqJhp' };

    const comments = await provider.comments!(reel, null);
    expect(comments.items.map((comment) => [comment.pk, comment.mediaPk, comment.user.username])).toEqual([
      ['18051843701642870', reel.pk, 'catherina_thijs'],
    ]);
    await provider.comments!(reel, comments.nextCursor);
    expect(await provider.transcript!(reel)).toMatch(/^Let's fry up the perfect bunzel/);
    const [highlight] = await provider.userHighlights!('21393171');
    expect(highlight).toMatchObject({ id: '18067016518767507', ownerPk: '21393171', title: 'GRWM chats', items: null });
    expect((await provider.highlightItems!(highlight!.id)).map((item) => item.pk)).toEqual(['3565907942018983442']);

    const url = 'https://www.instagram.com/p/DHsD6HGqJhp/';
    expect(seen.map(({ path, params }) => ({ path, params }))).toEqual([
      { path: '/apis/v1/instagram/post/comments', params: { url } },
      { path: '/apis/v1/instagram/post/comments', params: { url, cursor: 'AQHSpoi6HyDbzYRMzrD.........' } },
      { path: '/apis/v1/instagram/media/transcript', params: { url } },
      { path: '/apis/v1/instagram/user/highlights', params: { user_id: '21393171' } },
      { path: '/apis/v1/instagram/user/highlight/detail', params: { id: '18067016518767507' } },
    ]);
  });

  it('calls each endpoint with its parameters and the bearer key, and reports each call', async () => {
    const bodies: Record<string, string> = {
      '/apis/v1/instagram/profile': fixtureText('profile.json'),
      '/apis/v1/instagram/basic-profile': fixtureText('basic-profile.json'),
      '/apis/v1/instagram/user/posts': fixtureText('user-posts.json'),
      '/apis/v1/instagram/user/reels': fixtureText('user-reels.json'),
      '/apis/v1/instagram/post': fixtureText('post.json'),
    };
    reply = (request) => ({ status: 200, body: bodies[new URL(request.url ?? '/', 'http://x').pathname] ?? '{}' });

    expect((await provider.userByUsername('adrianhorning')).followerCount).toBe(24555);
    expect((await provider.userByPk('314216')).followerCount).toBe(16101999);
    const carson = { pk: '59042353222', username: 'carsoncantcode' };
    expect((await provider.userPosts(carson, null)).nextCursor).toBe('3639831059405682409_59042353222');
    await provider.userPosts(carson, '3639831059405682409_59042353222');
    const jane = { pk: '21393171', username: 'jane' };
    expect((await provider.userReels(jane, null)).items[0]!.playCount).toBe(1685367);
    await provider.userReels(jane, 'QVFE==');
    expect((await provider.mediaByCode('DLDXI0fylTC')).likeCount).toBe(22926);

    expect(seen.map(({ path, params }) => ({ path, params }))).toEqual([
      { path: '/apis/v1/instagram/profile', params: { handle: 'adrianhorning' } },
      { path: '/apis/v1/instagram/basic-profile', params: { userId: '314216' } },
      { path: '/apis/v1/instagram/user/posts', params: { handle: 'carsoncantcode' } },
      { path: '/apis/v1/instagram/user/posts', params: { handle: 'carsoncantcode', next_max_id: '3639831059405682409_59042353222' } },
      { path: '/apis/v1/instagram/user/reels', params: { user_id: '21393171' } },
      { path: '/apis/v1/instagram/user/reels', params: { user_id: '21393171', max_id: 'QVFE==' } },
      { path: '/apis/v1/instagram/post', params: { url: 'https://www.instagram.com/p/DLDXI0fylTC/' } },
    ]);
    expect(new Set(seen.map((request) => request.authorization))).toEqual(new Set([`Bearer ${API_KEY}`]));
    expect(calls.map((call) => [call.provider, call.endpoint, call.status])).toEqual([
      ['aisa', '/instagram/profile', 200],
      ['aisa', '/instagram/basic-profile', 200],
      ['aisa', '/instagram/user/posts', 200],
      ['aisa', '/instagram/user/posts', 200],
      ['aisa', '/instagram/user/reels', 200],
      ['aisa', '/instagram/user/reels', 200],
      ['aisa', '/instagram/post', 200],
    ]);
  });

  it('keeps 64-bit ids exact end to end', async () => {
    reply = () => ({
      status: 200,
      body: `{"items":[{"id":"3644028144127958689_59042353222","pk":3644028144127958689,"code":"DKSMEpKRd6h","media_type":2,
        "play_count":2647,"user":{"pk":59042353222,"username":"carsoncantcode"},
        "usertags":{"in":[{"user":{"pk":17841459076660294123,"username":"big"},"position":[0.1,0.2]}]}}],
        "next_max_id":"3639831059405682409_59042353222","more_available":true}`,
    });
    const page = await provider.userPosts({ pk: '59042353222', username: 'carsoncantcode' }, null);
    expect(page.items[0]!.pk).toBe('3644028144127958689');
    expect(page.items[0]!.owner.pk).toBe('59042353222');
    expect(page.items[0]!.usertags[0]!.user.pk).toBe('17841459076660294123');
    expect(page.items[0]!.playCount).toBe(2647);
  });

  // The upstream echoes our Authorization header into every error body, in each shape AIsa uses.
  const echoCases: [string, number, (auth: string) => string, Record<string, string>, string, string | undefined][] = [
    ['400 text', 400, (auth) => `bad request from ${auth}`, {}, 'UPSTREAM_BAD_REQUEST', undefined],
    ['401 gateway', 401, (auth) => JSON.stringify({ code: 'invalid_api_key', error: `key ${auth} is invalid` }), {}, 'UPSTREAM_AUTH', 'invalid_api_key'],
    [
      '402 balance',
      402,
      (auth) => JSON.stringify({ error: { code: 'insufficient_wallet_balance', message: `wallet for ${auth} is empty`, retryable: false } }),
      {},
      'UPSTREAM_PAYMENT_REQUIRED',
      'insufficient_wallet_balance',
    ],
    [
      '404 declared',
      404,
      (auth) => JSON.stringify({ success: false, credits_remaining: 3, error: 'Not Found', errorStatus: 404, message: `no such user (${auth.slice(7)})` }),
      {},
      'NOT_FOUND',
      undefined,
    ],
    ['429', 429, (auth) => JSON.stringify({ error: `slow down ${auth}` }), { 'retry-after': '3' }, 'UPSTREAM_RATE_LIMITED', undefined],
    ['500 text', 500, (auth) => `internal error; headers: authorization=${auth.slice(7)}`, {}, 'UPSTREAM_UNAVAILABLE', undefined],
    ['502', 502, (auth) => JSON.stringify({ error: `provider request failed for ${auth}` }), {}, 'UPSTREAM_UNAVAILABLE', undefined],
    [
      '503',
      503,
      (auth) => JSON.stringify({ error: { code: 'overloaded', message: `retry later ${auth.slice(7)}`, retryable: true } }),
      {},
      'UPSTREAM_UNAVAILABLE',
      'overloaded',
    ],
  ];

  it.each(echoCases)('maps %s to its typed error without ever exposing the key', async (_label, status, body, headers, code, upstreamType) => {
    reply = (request) => ({ status, body: body(request.headers.authorization ?? ''), headers });
    const error = await failure(() => provider.userPosts({ pk: '1', username: 'someone' }, null));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.upstreamType).toBe(upstreamType);
    expect(error.endpoint).toBe('/instagram/user/posts');
    expect(error.message).toMatch(new RegExp(`^aisa /instagram/user/posts answered ${status}`));
    expect(error.message).toContain('[redacted]');
    expectNoKey(error);
    if (status === 429) expect((error as UpstreamRateLimitedError).retryAfterMs).toBe(3000);
    expect(calls).toEqual([expect.objectContaining({ endpoint: '/instagram/user/posts', status })]);
  });

  it('treats a 200 carrying the declared error envelope as the error it names', async () => {
    reply = (request) => ({
      status: 200,
      // The raw key, without "Bearer": this path bypasses the HTTP client, so only the provider's own redaction guards it.
      body: JSON.stringify({ success: false, credits_remaining: 0, error: `denied ${request.headers.authorization?.slice(7)}`, errorStatus: 402 }),
    });
    const error = await failure(() => provider.userByPk('314216'));
    expect(error).toBeInstanceOf(UpstreamPaymentRequiredError);
    expectNoKey(error);

    reply = () => ({ status: 200, body: JSON.stringify({ success: false, message: 'something broke' }) });
    const unnamed = await failure(() => provider.userByPk('314216'));
    expect(unnamed.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(unnamed.message).toContain('something broke');
  });

  it('turns a private account (200, no items, user.is_private) into PRIVATE_ACCOUNT', async () => {
    reply = () => ({
      status: 200,
      body: JSON.stringify({ items: [], more_available: false, num_results: 0, user: { pk: '99', username: 'hidden', is_private: true } }),
    });
    const error = await failure(() => provider.userPosts({ pk: '99', username: 'hidden' }, null));
    expect(error.code).toBe('PRIVATE_ACCOUNT');
    expect(error.message).toContain('@hidden');

    // A public account with no posts is an empty page, not an error.
    reply = () => ({ status: 200, body: JSON.stringify({ items: [], more_available: false, user: { is_private: false } }) });
    expect(await provider.userPosts({ pk: '98', username: 'empty' }, null)).toEqual({ items: [], nextCursor: null });
  });

  it('turns an absent profile or post into NOT_FOUND', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ success: true, data: { user: null } }) });
    expect((await failure(() => provider.userByUsername('nobody'))).code).toBe('NOT_FOUND');
    reply = () => ({ status: 200, body: JSON.stringify({ data: { xdt_shortcode_media: null } }) });
    expect((await failure(() => provider.mediaByCode('DLDXI0fylTC'))).code).toBe('NOT_FOUND');
  });

  it('turns a body that fails its schema, or is not JSON, into UPSTREAM_BAD_RESPONSE', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ items: [{ id: '1_2' }], next_max_id: null }) });
    const error = await failure(() => provider.userReels({ pk: '2', username: 'x' }, null));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error).toMatchObject({ failingPath: 'items[0].code', endpoint: '/instagram/user/reels' });

    reply = () => ({ status: 200, body: '{"items": [' });
    expect((await failure(() => provider.userReels({ pk: '2', username: 'x' }, null))).code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});
