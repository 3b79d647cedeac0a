import { describe, expect, it } from 'vitest';
import { capturingLogger, createApp, execute, KEYS, useReplay } from '../helpers/instagraph';
import { PATH } from '../helpers/world';

const FOLLOWERS_REELS = `query FollowersReels { user(username: "natgeo") { followerCount followers(first: 10) { nodes { username reels(first: 3) { nodes { code } } } } } }`;

/** Metric samples of `name` from a Prometheus text exposition, keyed by their label set. */
function samples(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`).exec(line);
    if (match) found.set(match[1] ?? '', Number(match[2]));
  }
  return found;
}

describe('structured logs', () => {
  const upstream = useReplay();

  it('echoes a valid x-request-id, makes one for an invalid one, and writes one completion line per request', async () => {
    const capture = capturingLogger();
    const app = createApp(upstream.replay, { logger: capture.logger, providers: 'hikerapi' });
    const given = await execute(app, FOLLOWERS_REELS, {}, { 'x-request-id': 'trace-42.abc' });
    expect(given.headers.get('x-request-id')).toBe('trace-42.abc');
    const made = await execute(app, FOLLOWERS_REELS, {}, { 'x-request-id': 'bad id with spaces\n{"level":60}' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const completions = capture.lines().filter((line) => line.msg === 'graphql request');
    expect(completions).toHaveLength(2);
    expect(completions[0]).toMatchObject({
      requestId: 'trace-42.abc',
      operation: 'FollowersReels',
      status: 200,
      cost: { estimated: 12, upstreamCalls: 12 },
      errors: [],
    });
    expect(typeof completions[0]?.durationMs).toBe('number');
    app.close();
  });

  it('writes one line per failed upstream exchange with provider, endpoint, status and attempt, and never a key', async () => {
    const capture = capturingLogger();
    const app = createApp(upstream.replay, { logger: capture.logger, providers: 'both', env: { UPSTREAM_MAX_ATTEMPTS: '2' } });
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, status: 503, body: { detail: `boom ${KEYS.hikerapiKey}` } });
    const answer = await execute(app, '{ user(username: "natgeo") { pk } }');
    expect(answer.errors).toEqual([]);
    const failed = capture.lines().filter((line) => line.msg === 'upstream exchange failed');
    expect(failed.map((line) => [line.provider, line.endpoint, line.status, line.attempt, line.code])).toEqual([
      ['hikerapi', PATH.hikerapi.profile, 503, 1, 'UPSTREAM_UNAVAILABLE'],
      ['hikerapi', PATH.hikerapi.profile, 503, 2, 'UPSTREAM_UNAVAILABLE'],
    ]);
    for (const key of Object.values(KEYS)) {
      expect(capture.text()).not.toContain(key);
      expect(capture.text().toLowerCase()).not.toContain(key.slice(0, 10).toLowerCase());
    }
    await app.close();
  });

  it("warns once a minute per provider when one rejects our key, even when failover hides it", async () => {
    const capture = capturingLogger();
    const app = createApp(upstream.replay, { logger: capture.logger, providers: 'both', env: { HIKERAPI_KEY: 'revoked-hikerapi-KEY-0000' } });
    for (let i = 0; i < 3; i++) expect((await execute(app, '{ user(username: "natgeo") { pk } }')).errors).toEqual([]);
    const warnings = capture.lines().filter((line) => line.code === 'UPSTREAM_AUTH' && line.level === 40 && String(line.msg).includes('rejects our API key'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ provider: 'hikerapi', status: 401 });
    expect(capture.text()).not.toContain('revoked-hikerapi-KEY');
    await app.close();
  });
});

describe('Prometheus metrics', () => {
  const upstream = useReplay();

  it('counts exactly the exchanges the replay upstream saw, per provider and endpoint, and the cache lookups', async () => {
    const app = createApp(upstream.replay, { providers: 'both', cache: true, env: { PROVIDER_ORDER: 'hikerapi,aisa' } });
    await execute(app, FOLLOWERS_REELS);
    await execute(app, FOLLOWERS_REELS);
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, status: 401, times: 1 });
    await execute(app, '{ user(username: "jane") { pk } }');

    const response = await app.yoga.fetch('http://instagraph.test/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();

    const expected = new Map<string, number>();
    for (const call of upstream.replay.stats.calls) {
      const labels = `{provider="${call.provider}",endpoint="${call.path}",status="${call.status}"}`;
      expected.set(labels, (expected.get(labels) ?? 0) + 1);
    }
    expect(samples(text, 'instagraph_upstream_calls_total')).toEqual(expected);
    expect(samples(text, 'instagraph_graphql_requests_total').get('{operation="FollowersReels",status="ok"}')).toBe(2);
    const lookups = samples(text, 'instagraph_cache_lookups_total');
    expect(lookups.get('{kind="userList",result="hit"}')).toBe(1);
    expect(lookups.get('{kind="mediaList",result="hit"}')).toBe(10);
    expect(lookups.get('{kind="mediaList",result="miss"}')).toBe(10);
    expect(samples(text, 'instagraph_circuit_state').size).toBeGreaterThanOrEqual(0);
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('instagraph_query_cost_estimated_bucket');
    for (const key of Object.values(KEYS)) expect(text).not.toContain(key);
    await app.close();
  });
});
