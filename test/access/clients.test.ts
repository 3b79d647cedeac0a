import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, execute, expectNothingLeaked, useReplay } from '../helpers/instagraph';
import { redisServerAvailable, useRedis } from '../helpers/redis';
import { PATH } from '../helpers/world';

const ALPHA_KEY = 'alpha-client-KEY-0123456789abcdef';
const BETA_KEY = 'beta-client-KEY-fedcba9876543210';
const CLIENT_KEYS = [ALPHA_KEY, BETA_KEY];

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

/** alpha may spend 20 upstream calls a minute; beta has no quota. */
function clientsFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'instagraph-clients-'));
  const path = join(directory, 'clients.json');
  writeFileSync(
    path,
    JSON.stringify([
      { name: 'alpha', keySha256: sha256(ALPHA_KEY), callsPerMinute: 20, callsPerDay: 1000 },
      { name: 'beta', keySha256: sha256(BETA_KEY) },
    ]),
  );
  return path;
}

/** Twelve distinct profile lookups: estimated (and costing) 12 calls. */
const TWELVE = `query { ${['natgeo', 'jane', 'coralcam', 'natgeoanimals', 'carsoncantcode', 'quiet.observer', 'natgeotv', 'disney', 'wild.lens.ana', 'trailrunner.kai', 'mira.underwater', 'jamescameronofficial']
  .map((username, index) => `u${index}: user(username: "${username}") { pk }`)
  .join(' ')} }`;

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('client keys', () => {
  const upstream = useReplay();
  let file: string;

  beforeAll(() => {
    file = clientsFile();
  });

  it('refuses a request without a key, or with a wrong one, with 401 UNAUTHENTICATED and no upstream call', async () => {
    const app = upstream.app({ API_KEYS_FILE: file });
    for (const headers of [{} as Record<string, string>, bearer('not-a-key'), bearer(ALPHA_KEY.toUpperCase()), bearer(ALPHA_KEY.slice(0, 20)), { 'x-api-key': `${ALPHA_KEY}x` }]) {
      const answer = await execute(app, '{ user(username: "natgeo") { pk } }', {}, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(401);
      expect(answer.errors.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(answer.headers.get('www-authenticate')).toContain('Bearer');
      expect(answer.cost).toMatchObject({ upstreamCalls: 0 });
      expectNothingLeaked(answer.text, CLIENT_KEYS);
    }
    expect(upstream.replay.stats.count()).toBe(0);
  });

  it('refuses a keyless request on every URL yoga answers GraphQL on, not only /graphql', async () => {
    const paths = ['/graphql', '/graphql/', '//graphql', '/graphql/.', '/graphql?x=1', '/health?/graphql', '/ready?/graphql', '/graphiql-assets/x/graphql', '/metrics?/graphql'];
    for (const env of [{}, { NODE_ENV: 'production', METRICS_PORT: '9464' }] as Record<string, string>[]) {
      const app = upstream.app({ API_KEYS_FILE: file, ...env });
      for (const path of paths) {
        const response = await app.yoga.fetch(`http://instagraph.test${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ user(username: "natgeo") { pk } }' }),
        });
        expect(await response.text(), `${JSON.stringify(env)} ${path}`).not.toContain('787132');
      }
      // A GET that also accepts HTML is not the GraphiQL page when GraphiQL is off.
      const get = await app.yoga.fetch(`http://instagraph.test/graphql?query=${encodeURIComponent('{ user(username: "natgeo") { pk } }')}`, {
        headers: { accept: 'text/html, application/json', 'x-graphql-yoga-csrf': '1' },
      });
      expect(await get.text()).not.toContain('787132');
    }
    expect(upstream.replay.stats.count()).toBe(0);
  });

  it('refuses before parsing: even a malformed document without a key is a 401, not a syntax error', async () => {
    const app = upstream.app({ API_KEYS_FILE: file });
    const answer = await execute(app, '{ user(username: ', {}, {});
    expect(answer.status).toBe(401);
    expect(answer.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves a valid key, by Authorization: Bearer or by x-api-key; /health stays open', async () => {
    const app = upstream.app({ API_KEYS: `gamma:${'gamma-key-0123456789abcdef'}`, API_KEYS_FILE: file });
    for (const headers of [bearer(ALPHA_KEY), { 'x-api-key': BETA_KEY }, bearer('gamma-key-0123456789abcdef')]) {
      const answer = await execute(app, '{ user(username: "natgeo") { pk } }', {}, headers);
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ user: { pk: '787132' } });
    }
    const health = await app.yoga.fetch('http://instagraph.test/health');
    expect(health.status).toBe(200);
  });
});

describe('quotas in upstream calls', () => {
  const upstream = useReplay();
  let file: string;

  beforeAll(() => {
    file = clientsFile();
  });

  it('reserves the estimate: 12 then 12 against 20 a minute refuses the second with 429 before any call', async () => {
    const app = upstream.app({ API_KEYS_FILE: file });
    const first = await execute(app, TWELVE, {}, bearer(ALPHA_KEY));
    expect(first.status).toBe(200);
    expect(first.cost).toMatchObject({ estimated: 12, upstreamCalls: 12, quota: { remainingMinute: 8, remainingDay: 988 } });
    expect(first.headers.get('ratelimit-limit')).toBe('20');
    expect(first.headers.get('ratelimit-remaining')).toBe('8');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    upstream.replay.stats.reset();

    const second = await execute(app, TWELVE, {}, bearer(ALPHA_KEY));
    expect(second.status).toBe(429);
    expect(second.data ?? null).toBeNull();
    const error = second.errors[0];
    expect(error?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 20, remaining: 8 });
    expect(Date.parse(String(error?.extensions?.resetAt))).toBeGreaterThan(Date.now());
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(upstream.replay.stats.count()).toBe(0);

    // The refusal spent nothing: a request that fits what is left still passes.
    const small = await execute(app, '{ user(username: "natgeo") { pk } }', {}, bearer(ALPHA_KEY));
    expect(small.status).toBe(200);
    expect(small.cost).toMatchObject({ quota: { remainingMinute: 7 } });
  });

  it('refunds what a request did not spend: answers from the cache cost no quota', async () => {
    const app = createApp(upstream.replay, { cache: true, env: { API_KEYS_FILE: file } });
    try {
      await execute(app, '{ user(username: "natgeo") { pk } }', {}, bearer(ALPHA_KEY));
      const cached = await execute(app, '{ user(username: "natgeo") { pk } }', {}, bearer(ALPHA_KEY));
      expect(cached.cost).toMatchObject({ estimated: 1, upstreamCalls: 0, quota: { remainingMinute: 19 } });
    } finally {
      await app.close();
    }
  });

  it('charges calls spent beyond the estimate (retries) to the quota, and caps them at what is left', async () => {
    const app = upstream.app({ API_KEYS_FILE: file, PROVIDER_ORDER: 'hikerapi' });
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, status: 503, times: 2 });
    const retried = await execute(app, '{ user(username: "natgeo") { pk } }', {}, bearer(ALPHA_KEY));
    expect(retried.cost).toMatchObject({ estimated: 1, upstreamCalls: 3, quota: { remainingMinute: 17 } });
    expect(retried.headers.get('ratelimit-remaining')).toBe('17');
  });

  it('has no quota for a client without limits, and reports none', async () => {
    const app = upstream.app({ API_KEYS_FILE: file });
    const answer = await execute(app, TWELVE, {}, bearer(BETA_KEY));
    expect(answer.status).toBe(200);
    expect(answer.cost?.quota).toBeUndefined();
    expect(answer.headers.get('ratelimit-limit')).toBeNull();
  });

  describe.runIf(redisServerAvailable())('shared by replicas through Redis', () => {
    const redis = useRedis();

    it('enforces one quota across two replicas, and lets the client pass again once the window has ended', async () => {
      const [first, second] = [upstream.app({ API_KEYS_FILE: file, REDIS_URL: redis.url }), upstream.app({ API_KEYS_FILE: file, REDIS_URL: redis.url })];
      await Promise.all([first.connected(), second.connected()]);
      expect((await execute(first, TWELVE, {}, bearer(ALPHA_KEY))).status).toBe(200);
      upstream.replay.stats.reset();
      const refused = await execute(second, TWELVE, {}, bearer(ALPHA_KEY));
      expect(refused.status).toBe(429);
      expect(upstream.replay.stats.count()).toBe(0);

      // The minute window ends: its counter expires in Redis, as it would after 60 s.
      const admin = new Redis(redis.url);
      try {
        const keys = await admin.keys('instagraph:quota:minute:*');
        expect(keys.length).toBeGreaterThan(0);
        await admin.del(...keys);
      } finally {
        admin.disconnect();
      }
      expect((await execute(second, TWELVE, {}, bearer(ALPHA_KEY))).status).toBe(200);
    });
  });
});
