import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Provider } from '../../src/domain/provider';
import type { UserRef } from '../../src/domain/types';
import { createHikerApiProvider, mapHikerApiError } from '../../src/providers/hikerapi';
import {
  UpstreamAuthError,
  UpstreamBadRequestError,
  UpstreamBadResponseError,
  UpstreamError,
  UpstreamNotFoundError,
  UpstreamPaymentRequiredError,
  UpstreamPrivateAccountError,
  UpstreamRateLimitedError,
  UpstreamUnavailableError,
} from '../../src/upstream/errors';
import type { UpstreamCallEvent } from '../../src/upstream/http';

const API_KEY = 'hk-test-RECOGNISABLE-KEY-5f3a9c2e71';
const FIXTURES = join(import.meta.dirname, '../../fixtures/examples/hikerapi');
const NATGEO: UserRef = { pk: '787132', username: 'natgeo' };

interface SeenRequest {
  path: string;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
}

interface Answer {
  status?: number;
  /** Sent verbatim when a string, as JSON otherwise. */
  body: unknown;
  headers?: Record<string, string>;
}

/** A real HTTP server on 127.0.0.1 answering each request with `answer(request)`. */
async function startUpstream(answer: (request: SeenRequest) => Answer) {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = { path: url.pathname, params: Object.fromEntries(url.searchParams), headers: req.headers };
    requests.push(seen);
    const reply = answer(seen);
    const isText = typeof reply.body === 'string';
    res.writeHead(reply.status ?? 200, { 'content-type': isText ? 'text/plain' : 'application/json', ...reply.headers });
    res.end(isText ? reply.body : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function providerAgainst(answer: (request: SeenRequest) => Answer, apiKey = API_KEY) {
  const upstream = await startUpstream(answer);
  const calls: UpstreamCallEvent[] = [];
  const provider = createHikerApiProvider({ apiKey, baseUrl: upstream.url, onCall: (event) => calls.push(event) });
  cleanups.push(() => provider.close(), upstream.close);
  return { provider, upstream, calls };
}

function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('createHikerApiProvider: endpoints and parameters', () => {
  const FIXTURE_BY_PATH: Record<string, string> = {
    '/v1/user/by/username': 'user-by-username.json',
    '/v1/user/by/id': 'user-by-id.json',
    '/v1/user/medias/chunk': 'user-medias-chunk.json',
    '/v1/user/clips/chunk': 'user-clips-chunk.json',
    '/v1/user/tag/medias/chunk': 'user-tag-medias-chunk.json',
    '/v1/user/followers/chunk': 'user-followers-chunk.json',
    '/v1/user/following/chunk': 'user-following-chunk.json',
    '/v1/user/medias/pinned': 'user-medias-pinned.json',
    '/v1/user/search/followers': 'user-search-followers.json',
    '/v1/user/search/following': 'user-search-following.json',
  };
  const mediaBody = () => JSON.stringify((JSON.parse(fixtureText('user-medias-chunk.json')) as unknown[][])[0]![2]);
  const locationBody = JSON.stringify({ pk: 250376789, name: 'Vardzia', address: '', city: '', lat: 41.3753, lng: 43.2575 });

  function serveFixtures(request: SeenRequest): Answer {
    if (request.headers['x-access-key'] !== API_KEY) return { status: 401, body: { detail: 'Invalid access key', exc_type: null } };
    if (request.path === '/v1/media/by/code' || request.path === '/v1/media/by/id') return { body: mediaBody() };
    if (request.path === '/v1/location/by/id') return { body: locationBody };
    const file = FIXTURE_BY_PATH[request.path];
    return file ? { body: fixtureText(file) } : { status: 404, body: { detail: 'Not Found' } };
  }

  it('calls each endpoint with its parameters and the x-access-key header', async () => {
    const { provider, upstream, calls } = await providerAgainst(serveFixtures);

    expect((await provider.userByUsername('natgeo')).followerCount).toBe(274988955);
    expect((await provider.userByPk('787132')).username).toBe('natgeo');
    const posts = await provider.userPosts(NATGEO, null);
    expect(posts.nextCursor).toBe('3868170261056492782_787132');
    await provider.userPosts(NATGEO, posts.nextCursor);
    const reels = await provider.userReels(NATGEO, null);
    expect(reels.items[0]!.playCount).toBe(2625727);
    await provider.userReels(NATGEO, 'REELS-CURSOR');
    expect((await provider.userTagged!(NATGEO, null)).nextCursor).toBe('1926933891264902156');
    await provider.userTagged!(NATGEO, '1926933891264902156');
    expect((await provider.followers!(NATGEO, null)).nextCursor).toBeNull();
    await provider.followers!(NATGEO, 'F1');
    expect((await provider.following!(NATGEO, null)).nextCursor).toBe('25');
    await provider.following!(NATGEO, '25');
    expect((await provider.pinnedMedia!(NATGEO)).map((media) => media.code)).toEqual(['DWllQsJCPX_', 'DVbPBu5AESi', 'DW3YpRVDb9K']);
    expect((await provider.searchFollowers!(NATGEO, 'shruti')).map((user) => user.username)[0]).toBe('shruti_pvttttttt');
    expect((await provider.searchFollowing!(NATGEO, 'natgeo')).length).toBe(3);
    expect((await provider.mediaByCode('DW3YpRVDb9K')).carouselItems).toHaveLength(3);
    expect((await provider.mediaByPk!('3870670793969876810')).code).toBe('DW3YpRVDb9K');
    expect(await provider.locationByPk!('250376789')).toEqual({
      pk: '250376789',
      name: 'Vardzia',
      address: '',
      city: '',
      lat: 41.3753,
      lng: 43.2575,
    });

    expect(upstream.requests.map((request) => [request.path, request.params])).toEqual([
      ['/v1/user/by/username', { username: 'natgeo' }],
      ['/v1/user/by/id', { id: '787132' }],
      ['/v1/user/medias/chunk', { user_id: '787132' }],
      ['/v1/user/medias/chunk', { user_id: '787132', end_cursor: '3868170261056492782_787132' }],
      ['/v1/user/clips/chunk', { user_id: '787132' }],
      ['/v1/user/clips/chunk', { user_id: '787132', end_cursor: 'REELS-CURSOR' }],
      ['/v1/user/tag/medias/chunk', { user_id: '787132' }],
      ['/v1/user/tag/medias/chunk', { user_id: '787132', max_id: '1926933891264902156' }],
      ['/v1/user/followers/chunk', { user_id: '787132' }],
      ['/v1/user/followers/chunk', { user_id: '787132', max_id: 'F1' }],
      ['/v1/user/following/chunk', { user_id: '787132' }],
      ['/v1/user/following/chunk', { user_id: '787132', max_id: '25' }],
      ['/v1/user/medias/pinned', { user_id: '787132' }],
      ['/v1/user/search/followers', { user_id: '787132', query: 'shruti', force: 'on' }],
      ['/v1/user/search/following', { user_id: '787132', query: 'natgeo', force: 'on' }],
      ['/v1/media/by/code', { code: 'DW3YpRVDb9K' }],
      ['/v1/media/by/id', { id: '3870670793969876810' }],
      ['/v1/location/by/id', { id: '250376789' }],
    ]);
    expect(upstream.requests.every((request) => request.headers['x-access-key'] === API_KEY)).toBe(true);
    expect(calls).toHaveLength(upstream.requests.length);
    expect(calls.every((call) => call.provider === 'hikerapi' && call.status === 200)).toBe(true);
    expect(calls[0]!.endpoint).toBe('/v1/user/by/username');
  });

  it('calls the engagement, location feed and account detail endpoints with their parameters', async () => {
    const media = { pk: '3865659729796199935', code: 'DWllQsJCPX_' };
    const bodies: Record<string, unknown> = {
      '/v1/media/comments/chunk': [[], null],
      '/v1/media/likers': JSON.parse(fixtureText('user-search-followers.json')),
      '/v1/location/medias/recent/chunk': [[], 'NEXT'],
      '/v1/location/medias/top/chunk': [[], null],
      '/v1/user/about': { username: 'natgeo', country: 'United States', date: 'March 2012', former_usernames: '0' },
      '/v2/user/stories': { reel: null, status: 'ok' },
      '/v2/user/highlights': { response: { tray: [] } },
    };
    const { provider, upstream } = await providerAgainst((request) => ({ body: bodies[request.path] }));

    expect(await provider.comments!(media, null)).toEqual({ items: [], nextCursor: null });
    await provider.comments!(media, 'C1');
    expect((await provider.likers!(media)).map((user) => user.username)).toEqual(['shruti_pvttttttt', 'sisforspiderman', 'salah_salah_1989']);
    expect((await provider.locationRecentMedia!('213047514', null)).nextCursor).toBe('NEXT');
    await provider.locationRecentMedia!('213047514', 'NEXT');
    await provider.locationTopMedia!('213047514', null);
    expect(await provider.userAbout!('787132')).toEqual({ dateJoined: 'March 2012', country: 'United States', formerUsernameCount: 0 });
    expect(await provider.userStories!('787132')).toEqual([]);
    expect(await provider.userHighlights!('787132')).toEqual([]);

    expect(upstream.requests.map((request) => [request.path, request.params])).toEqual([
      ['/v1/media/comments/chunk', { id: media.pk }],
      ['/v1/media/comments/chunk', { id: media.pk, max_id: 'C1' }],
      ['/v1/media/likers', { id: media.pk }],
      ['/v1/location/medias/recent/chunk', { location_pk: '213047514' }],
      ['/v1/location/medias/recent/chunk', { location_pk: '213047514', max_id: 'NEXT' }],
      ['/v1/location/medias/top/chunk', { location_pk: '213047514' }],
      ['/v1/user/about', { id: '787132' }],
      ['/v2/user/stories', { user_id: '787132' }],
      ['/v2/user/highlights', { user_id: '787132', amount: '20' }],
    ]);
  });

  it('keeps 64-bit ids sent as bare JSON numbers exact', async () => {
    const carousel = mediaBody().replace('"pk":"3870670793969876810"', '"pk":3870670793969876810');
    expect(carousel).toContain('"pk":3870670793969876810');
    const user = fixtureText('user-by-id.json').replace('"pk": 787132', '"pk": 17841400000000001234');
    const { provider } = await providerAgainst((request) => ({ body: request.path === '/v1/user/by/id' ? user : carousel }));
    expect((await provider.mediaByPk!('3870670793969876810')).pk).toBe('3870670793969876810');
    expect((await provider.userByPk('17841400000000001234')).pk).toBe('17841400000000001234');
  });

  it('turns a body that fails its schema into UPSTREAM_BAD_RESPONSE naming endpoint and path', async () => {
    const { provider } = await providerAgainst(() => ({ body: [[{ pk: '1', media_type: 1, user: { pk: '2', username: 'u' } }], null] }));
    const error = await failure(provider.userPosts(NATGEO, null));
    expect(error).toBeInstanceOf(UpstreamBadResponseError);
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect((error as UpstreamBadResponseError).failingPath).toBe('[0][0].code');
    expect(error.message).toContain('/v1/user/medias/chunk');
  });
});

describe('HikerAPI error statuses over HTTP', () => {
  type ErrorClass = abstract new (...args: never[]) => UpstreamError;
  const cases: { name: string; answer: Answer; type: ErrorClass; code: string; retryable: boolean; upstreamType?: string; detail: string }[] = [
    { name: '401 bad key', answer: { status: 401, body: { detail: 'Invalid access key' } }, type: UpstreamAuthError, code: 'UPSTREAM_AUTH', retryable: false, detail: 'Invalid access key' },
    { name: '402 balance', answer: { status: 402, body: { detail: 'Insufficient balance' } }, type: UpstreamPaymentRequiredError, code: 'UPSTREAM_PAYMENT_REQUIRED', retryable: false, detail: 'Insufficient balance' },
    {
      name: '403 private',
      answer: { status: 403, body: { detail: 'User hid data using privacy settings', exc_type: 'PrivateAccount' } },
      type: UpstreamPrivateAccountError,
      code: 'PRIVATE_ACCOUNT',
      retryable: false,
      upstreamType: 'PrivateAccount',
      detail: 'User hid data using privacy settings',
    },
    { name: '403 without exc_type', answer: { status: 403, body: { detail: 'Forbidden' } }, type: UpstreamPrivateAccountError, code: 'PRIVATE_ACCOUNT', retryable: false, detail: 'Forbidden' },
    ...['UserNotFound', 'NotFoundError', 'MediaUnavailable', 'MediaNotFound', 'LocationNotFound'].map((excType) => ({
      name: `404 ${excType}`,
      answer: { status: 404, body: { detail: `Entity missing (${excType})`, exc_type: excType } },
      type: UpstreamNotFoundError,
      code: 'NOT_FOUND',
      retryable: false,
      upstreamType: excType,
      detail: `Entity missing (${excType})`,
    })),
    { name: '404 plain text', answer: { status: 404, body: 'Not Found' }, type: UpstreamNotFoundError, code: 'NOT_FOUND', retryable: false, detail: 'Not Found' },
    { name: '400', answer: { status: 400, body: { detail: 'Bad username', exc_type: 'ValidationError' } }, type: UpstreamBadRequestError, code: 'UPSTREAM_BAD_REQUEST', retryable: false, upstreamType: 'ValidationError', detail: 'Bad username' },
    {
      name: '422 FastAPI validation list',
      answer: { status: 422, body: { detail: [{ loc: ['query', 'user_id'], msg: 'Field required', type: 'missing' }, { loc: ['query', 'max_id'], msg: 'Input should be a valid string', type: 'string_type' }] } },
      type: UpstreamBadRequestError,
      code: 'UPSTREAM_BAD_REQUEST',
      retryable: false,
      detail: 'query.user_id: Field required; query.max_id: Input should be a valid string',
    },
    { name: '410 retired', answer: { status: 410, body: { detail: 'Endpoint is deprecated' } }, type: UpstreamUnavailableError, code: 'UPSTREAM_UNAVAILABLE', retryable: false, detail: 'Endpoint is deprecated' },
    { name: '500', answer: { status: 500, body: { detail: 'Internal Server Error' } }, type: UpstreamUnavailableError, code: 'UPSTREAM_UNAVAILABLE', retryable: true, detail: 'Internal Server Error' },
    { name: '503 text', answer: { status: 503, body: 'Service Unavailable' }, type: UpstreamUnavailableError, code: 'UPSTREAM_UNAVAILABLE', retryable: true, detail: 'Service Unavailable' },
    {
      name: '504 html',
      answer: { status: 504, body: '<html>\n  <body>504 Gateway Time-out</body>\n</html>' },
      type: UpstreamUnavailableError,
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
      detail: '<html> <body>504 Gateway Time-out</body> </html>',
    },
  ];

  it.each(cases)('$name → $code', async ({ answer, type, code, retryable, upstreamType, detail }) => {
    const { provider, calls } = await providerAgainst(() => answer);
    const error = await failure(provider.userByUsername('someone'));
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(answer.status);
    expect(error.provider).toBe('hikerapi');
    expect(error.endpoint).toBe('/v1/user/by/username');
    expect(error.upstreamType).toBe(upstreamType);
    expect(error.message).toBe(`hikerapi /v1/user/by/username answered ${answer.status}${upstreamType ? ` ${upstreamType}` : ''}: ${detail}`);
    expect(calls.map((call) => call.status)).toEqual([answer.status]);
  });

  it('reads Retry-After as seconds or as an HTTP date on 429', async () => {
    const { provider } = await providerAgainst((request) => ({
      status: 429,
      body: { detail: 'Too many requests' },
      headers: { 'retry-after': request.params.username === 'dated' ? new Date(Date.now() + 30_000).toUTCString() : '2' },
    }));
    const seconds = await failure(provider.userByUsername('plain'));
    expect(seconds).toBeInstanceOf(UpstreamRateLimitedError);
    expect(seconds.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(seconds.retryable).toBe(true);
    expect((seconds as UpstreamRateLimitedError).retryAfterMs).toBe(2000);
    const dated = (await failure(provider.userByUsername('dated'))) as UpstreamRateLimitedError;
    expect(dated.retryAfterMs).toBeGreaterThan(25_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('leaves retryAfterMs undefined when 429 has no Retry-After', async () => {
    const { provider } = await providerAgainst(() => ({ status: 429, body: { detail: 'slow down' } }));
    const error = (await failure(provider.userByUsername('x'))) as UpstreamRateLimitedError;
    expect(error).toBeInstanceOf(UpstreamRateLimitedError);
    expect(error.retryAfterMs).toBeUndefined();
  });
});

describe('the API key never leaks into errors', () => {
  /** Every 8-character piece of the key: catches the whole key and any truncated prefix of it. */
  function expectNoKeyIn(text: string) {
    for (let start = 0; start + 8 <= API_KEY.length; start += 1) {
      expect(text).not.toContain(API_KEY.slice(start, start + 8));
    }
  }

  it.each([401, 403, 404, 422, 429, 500])('when the upstream echoes it back with %i', async (status) => {
    const { provider } = await providerAgainst((request) => ({
      status,
      body: {
        detail: status === 422 ? [{ loc: ['header', String(request.headers['x-access-key'])], msg: `bad ${request.headers['x-access-key']}` }] : `Key ${request.headers['x-access-key']} rejected`,
        exc_type: 'Echo',
      },
    }));
    const error = await failure(provider.userByUsername('natgeo'));
    expect(error.status).toBe(status);
    expect(error.message).toContain('[redacted]');
    expectNoKeyIn(error.message);
    expectNoKeyIn(String(error));
    expectNoKeyIn(error.stack ?? '');
  });

  it('when the echo sits where a long text body is cut short', async () => {
    const { provider } = await providerAgainst((request) => ({
      status: 502,
      body: `${'x'.repeat(290)}${String(request.headers['x-access-key'])} and more`,
    }));
    const error = await failure(provider.userPosts(NATGEO, null));
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error.message).toContain('[redacted]');
    expectNoKeyIn(error.message);
    expectNoKeyIn(String(error));
  });

  it('when the key itself is wrong', async () => {
    const wrongKey = 'hk-test-WRONG-KEY-0000000000';
    const { provider } = await providerAgainst(
      (request) =>
        request.headers['x-access-key'] === API_KEY
          ? { body: fixtureText('user-by-username.json') }
          : { status: 401, body: { detail: `Access key ${request.headers['x-access-key']} is invalid` } },
      wrongKey,
    );
    const error = await failure(provider.userByUsername('natgeo'));
    expect(error).toBeInstanceOf(UpstreamAuthError);
    expect(error.message).not.toContain(wrongKey);
    expect(String(error)).not.toContain('WRONG-KEY');
  });
});

describe('mapHikerApiError', () => {
  const response = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    provider: 'hikerapi' as const,
    endpoint: '/v1/media/by/code',
    status,
    headers,
    body,
  });

  it('describes bodies without a detail by their status alone', () => {
    const error = mapHikerApiError(response(404, { exc_type: 'MediaNotFound' }));
    expect(error).toBeInstanceOf(UpstreamNotFoundError);
    expect(error.message).toBe('hikerapi /v1/media/by/code answered 404 MediaNotFound');
    expect(mapHikerApiError(response(500, '')).message).toBe('hikerapi /v1/media/by/code answered 500');
  });

  it('caps a long detail', () => {
    const error = mapHikerApiError(response(500, 'y'.repeat(5_000)));
    expect(error.message.length).toBeLessThan(400);
    expect(error.message.endsWith('…')).toBe(true);
  });

  it('maps statuses outside the documented table by their class', () => {
    expect(mapHikerApiError(response(405, { detail: 'Method Not Allowed' }))).toBeInstanceOf(UpstreamBadRequestError);
    expect(mapHikerApiError(response(408, {})).code).toBe('UPSTREAM_TIMEOUT');
    const redirect = mapHikerApiError(response(302, ''));
    expect(redirect).toBeInstanceOf(UpstreamUnavailableError);
    expect(redirect.retryable).toBe(false);
  });
});

describe('Provider shape', () => {
  it('implements every optional operation', async () => {
    const { provider } = await providerAgainst(() => ({ body: {} }));
    const operations: (keyof Provider)[] = [
      'userByUsername', 'userByPk', 'userPosts', 'userReels', 'mediaByCode', 'mediaByPk', 'userTagged', 'followers',
      'following', 'searchFollowers', 'searchFollowing', 'pinnedMedia', 'locationByPk', 'locationRecentMedia',
      'locationTopMedia', 'comments', 'likers', 'userAbout', 'userStories', 'userHighlights', 'close',
    ];
    expect(provider.name).toBe('hikerapi');
    for (const operation of operations) expect(typeof provider[operation], operation).toBe('function');
    // No transcripts; the highlights tray carries each highlight's items.
    expect(provider.transcript).toBeUndefined();
    expect(provider.highlightItems).toBeUndefined();
  });
});
