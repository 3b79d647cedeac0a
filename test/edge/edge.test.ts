import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { edgeSwitches, loadConfig } from '../../src/config';
import { createHttpServer } from '../../src/http-server';
import type { Instagraph } from '../../src/server';
import { capturingLogger, createApp, execute, expectNothingLeaked, KEYS, useReplay } from '../helpers/instagraph';
import { PATH } from '../helpers/world';

const URL_ = 'http://instagraph.test/graphql';
const JSON_HEADERS = { 'content-type': 'application/json' };

async function post(app: Instagraph, body: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string; json: Record<string, unknown> }> {
  const response = await app.yoga.fetch(URL_, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the test looks at the status.
  }
  return { status: response.status, headers: response.headers, text, json };
}

const query = (text: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query: text, ...extra });

describe('browser rules', () => {
  const upstream = useReplay();

  it('gives a page from another origin no CORS headers, on preflight or on a simple request', async () => {
    const app = upstream.app();
    const preflight = await app.yoga.fetch(URL_, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await post(app, query('{ __typename }'), { origin: 'https://evil.example' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    expect(simple.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('allows the configured origins, exposes x-request-id and RateLimit-*, and credentials only when asked', async () => {
    const app = upstream.app({ CORS_ORIGINS: 'http://localhost:*,https://dash.example' });
    const allowed = await post(app, query('{ __typename }'), { origin: 'http://localhost:5173' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await post(app, query('{ __typename }'), { origin: 'https://dash.example.evil.example' })).headers.get('access-control-allow-origin')).toBeNull();

    const withCredentials = upstream.app({ CORS_ORIGINS: 'https://dash.example', CORS_CREDENTIALS: 'true' });
    expect((await post(withCredentials, query('{ __typename }'), { origin: 'https://dash.example' })).headers.get('access-control-allow-credentials')).toBe('true');
    expect(() => edgeSwitches(loadConfig({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' }), false)).toThrow(/CORS_CREDENTIALS/);
  });

  it('refuses form-encoded and multipart bodies with 415, and a GET without a CSRF-safe header with 403', async () => {
    const app = upstream.app();
    const form = await app.yoga.fetch(URL_, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' });
    expect(form.status).toBe(415);
    const multipart = new FormData();
    multipart.set('operations', query('{ __typename }'));
    expect((await app.yoga.fetch(URL_, { method: 'POST', body: multipart })).status).toBe(415);

    const get = await app.yoga.fetch(`${URL_}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(403);
    expect(((await get.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('FORBIDDEN');
    const safeGet = await app.yoga.fetch(`${URL_}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(safeGet.status).toBe(200);
  });
});

describe('production switches', () => {
  const upstream = useReplay();

  it('turns GraphiQL, introspection and field suggestions off under NODE_ENV=production', async () => {
    const app = upstream.app({ NODE_ENV: 'production' });
    const page = await app.yoga.fetch(URL_, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('graphiql');
    const introspection = await post(app, query('{ __schema { types { name } } }'));
    expect(introspection.text).not.toContain('"types"');
    expect(introspection.json.errors).toBeDefined();
    const typo = await post(app, query('{ usr(username: "natgeo") { pk } }'));
    expect(typo.text).not.toContain('Did you mean');

    const development = upstream.app();
    expect(await (await development.yoga.fetch(URL_, { headers: { accept: 'text/html' } })).text()).toContain('graphiql');
    expect((await post(development, query('{ __schema { queryType { name } } }'))).json.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('trusted documents', () => {
  const upstream = useReplay();
  const manifest = 'examples/generated/persisted-documents.json';
  const documents = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>;
  const [hashed, document] = Object.entries(documents).find(([, text]) => text.startsWith('query Profile(')) ?? [];
  const hash = String(hashed).replace('sha256:', '');

  it('runs a manifest document by its hash in require mode, and refuses any other with PERSISTED_QUERY_ONLY', async () => {
    expect(createHash('sha256').update(String(document)).digest('hex')).toBe(hash);
    const app = upstream.app({ PERSISTED_OPERATIONS: 'require', PERSISTED_OPERATIONS_FILE: manifest });
    const trusted = await post(app, JSON.stringify({ variables: { username: 'natgeo' }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }));
    expect(trusted.status).toBe(200);
    expect(trusted.json.data).toMatchObject({ user: { username: 'natgeo' } });
    const arbitrary = await post(app, query('{ user(username: "natgeo") { pk } }'));
    expect((arbitrary.json.errors as { extensions: { code: string } }[])[0]?.extensions.code).toBe('PERSISTED_QUERY_ONLY');
    expect(upstream.replay.stats.count()).toBe(1);
    const unknown = await post(app, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }));
    expect((unknown.json.errors as { extensions: { code: string } }[])[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('accepts both in allow mode', async () => {
    const app = upstream.app({ PERSISTED_OPERATIONS: 'allow', PERSISTED_OPERATIONS_FILE: manifest });
    expect((await post(app, JSON.stringify({ variables: { username: 'jane' }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }))).status).toBe(200);
    expect((await post(app, query('{ user(username: "natgeo") { pk } }'))).json.data).toEqual({ user: { pk: '787132' } });
  });
});

describe('limits an operator sets', () => {
  const upstream = useReplay();

  it('refuses a body over MAX_BODY_BYTES with 413, whether it declares its length or streams it', async () => {
    const app = upstream.app();
    const big = query(`{ __typename } # ${'x'.repeat(65 * 1024)}`);
    expect((await post(app, big)).status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 70; i++) controller.enqueue(new TextEncoder().encode(i === 0 ? '{"query":"{ __typename } #' : 'x'.repeat(1024)));
        controller.close();
      },
    });
    const streamed = await app.yoga.fetch(URL_, { method: 'POST', headers: JSON_HEADERS, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(upstream.replay.stats.count()).toBe(0);
  });

  it('cuts a client that sends its body too slowly at the request timeout', async () => {
    const app = upstream.app({ REQUEST_TIMEOUT_MS: '200' });
    const server = createHttpServer(app, { REQUEST_TIMEOUT_MS: 200, MAX_CONNECTIONS: undefined });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    socket.write('POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query":');
    const drip = setInterval(() => socket.write(' '), 100);
    const answer = await new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
    });
    clearInterval(drip);
    server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('answers a 10 MB username in under 1 KB, and refuses search text over 100 characters before any call', async () => {
    const app = upstream.app({ MAX_BODY_BYTES: String(20 * 1024 * 1024) });
    const huge = await execute(app, 'query ($u: String!) { user(username: $u) { pk } }', { u: 'x'.repeat(10 * 1024 * 1024) });
    expect(huge.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(huge.text.length).toBeLessThan(1024);
    const search = await execute(app, 'query ($q: String) { user(username: "natgeo") { followers(query: $q) { nodes { username } } } }', { q: 'a'.repeat(101) });
    expect(search.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(upstream.replay.stats.count({ path: '/v1/user/search/followers' })).toBe(0);
  });
});

describe('every error has a code, every response a cost', () => {
  const upstream = useReplay();
  const refusals: [string, string, Record<string, string>][] = [
    ['parse error', '{ user(', {}],
    ['validation error', '{ nope }', {}],
    ['too deep', `{ user(username: "a") { ${'followers { nodes { '.repeat(7)}username${' } }'.repeat(7)} } }`, {}],
    ['too many aliases', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: user(username: "u${i}") { pk }`).join(' ')} }`, {}],
    ['too many tokens', `{ ${'__typename '.repeat(2100)} }`, {}],
    ['too many directives', `{ __typename ${'@include(if: true) '.repeat(60)} }`, {}],
    ['too expensive', '{ user(username: "natgeo") { followers(first: 100) { nodes { reels(first: 100) { nodes { code } } } } } }', {}],
    ['a bad cap header', '{ __typename }', { 'x-max-upstream-calls': 'lots' }],
  ];

  it.each(refusals)('%s: a code, extensions.cost with 0 calls, 200 for application/json and 400 for application/graphql-response+json', async (_name, text, headers) => {
    const app = upstream.app();
    const json = await post(app, query(text), { accept: 'application/json', ...headers });
    const spec = await post(app, query(text), { accept: 'application/graphql-response+json', ...headers });
    for (const answer of [json, spec]) {
      const errors = answer.json.errors as { extensions?: { code?: string } }[];
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) expect(error.extensions?.code).toMatch(/^[A-Z_]+$/);
      expect((answer.json.extensions as { cost?: { upstreamCalls: number } }).cost?.upstreamCalls).toBe(0);
    }
    expect(json.status).toBe(200);
    expect(spec.status).toBe(400);
    expect(upstream.replay.stats.count()).toBe(0);
  });

  it('answers a mutation, a subscription or an unknown operation name as BAD_REQUEST, in our vocabulary', async () => {
    const app = upstream.app();
    for (const body of [query('mutation { x }'), query('subscription { x }'), query('query A { __typename }', { operationName: 'B' })]) {
      const answer = await post(app, body, { accept: 'application/graphql-response+json' });
      expect(answer.status).toBe(400);
      expect((answer.json.errors as { extensions: { code: string } }[]).map((error) => error.extensions.code)).toEqual(['BAD_REQUEST']);
    }
  });

  it('names the armor rejections', async () => {
    const app = upstream.app();
    const codes = [];
    for (const [, text] of refusals.slice(2, 6)) codes.push(((await post(app, query(text))).json.errors as { extensions: { code: string } }[])[0]?.extensions.code);
    expect(codes).toEqual(['QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'TOO_MANY_TOKENS', 'TOO_MANY_DIRECTIVES']);
  });
});

describe('messages for clients, details for operators', () => {
  const upstream = useReplay();

  it('says what was not found, names the provider, and keeps the upstream path for the log', async () => {
    const capture = capturingLogger();
    const app = createApp(upstream.replay, { providers: 'hikerapi', logger: capture.logger });
    const answer = await execute(app, '{ user(username: "ghost.user") { pk } }');
    expect(answer.errors[0]).toMatchObject({ message: 'No Instagram account @ghost.user', extensions: { code: 'NOT_FOUND', provider: 'hikerapi' } });
    expect(answer.text).not.toContain('/v1/');
    expect(capture.lines().some((line) => String(line.detail).includes('/v1/user/by/username'))).toBe(true);
    await app.close();
  });
});

describe('redaction that holds', () => {
  const upstream = useReplay();
  const forms = (key: string): [string, string][] => [
    ['exact', key],
    ['prefix', `${key.slice(0, 12)}…`],
    ['other case', key.toUpperCase()],
    ['percent-encoded', [...Buffer.from(key)].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('')],
    ['base64', Buffer.from(key).toString('base64')],
  ];
  const cases = (['hikerapi', 'aisa'] as const).flatMap((provider) =>
    [401, 402, 503].flatMap((status) => forms(provider === 'hikerapi' ? KEYS.hikerapiKey : KEYS.aisaKey).map(([form, echoed]) => ({ provider, status, form, echoed }))),
  );

  it.each(cases)('$provider $status echoing the key ($form): no fragment in any response or log line', async ({ provider, status, echoed }) => {
    const capture = capturingLogger();
    const app = createApp(upstream.replay, { providers: provider, logger: capture.logger, env: { UPSTREAM_MAX_ATTEMPTS: '1' } });
    const path = provider === 'hikerapi' ? PATH.hikerapi.profile : PATH.aisa.profile;
    const body = provider === 'hikerapi' ? { detail: `key ${echoed} refused`, exc_type: 'Echo' } : { error: { code: 'echo', message: `key ${echoed} refused` } };
    upstream.replay.addFault({ provider, path, status, body });
    const answer = await execute(app, '{ user(username: "natgeo") { pk } }');
    expect(answer.errors.length).toBeGreaterThan(0);
    const key = provider === 'hikerapi' ? KEYS.hikerapiKey : KEYS.aisaKey;
    for (const text of [answer.text, capture.text()]) {
      expectNothingLeaked(text, [key]);
      for (let start = 0; start + 8 <= key.length; start++) expect(text.toLowerCase()).not.toContain(key.slice(start, start + 8).toLowerCase());
      expect(text).not.toContain(echoed.slice(0, 24));
    }
    await app.close();
  });
});

describe('no stack ever leaves the process', () => {
  const upstream = useReplay();

  it('answers a malformed asset path with 400, no stack, and logs it', async () => {
    const capture = capturingLogger();
    const app = createApp(upstream.replay, { logger: capture.logger });
    const response = await app.yoga.fetch('http://instagraph.test/graphiql-assets/%E0%A4%A');
    expect(response.status).toBe(400);
    expectNothingLeaked(await response.text(), []);
    expect(capture.lines().some((line) => line.msg === 'malformed GraphiQL asset path refused')).toBe(true);
    const favicon = await app.yoga.fetch('http://instagraph.test/graphiql-assets/favicon.svg');
    expect(favicon.headers.get('content-type')).toBe('image/svg+xml');
    const page = await (await app.yoga.fetch(URL_, { headers: { accept: 'text/html' } })).text();
    expect(page).not.toMatch(/https?:\/\/(?!localhost)[^"'\s>]*\.(ico|js|css)/);
    await app.close();
  });
});
