import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorAt, execute, useReplay } from '../helpers/instagraph';
import { controlSystemClock, type TestClock } from '../upstream/clock';
import { codesOf, PATH } from '../helpers/world';

// Every wait between tries is recorded and skipped: the tests read what the policy waited.
let clock: TestClock;
beforeEach(() => {
  clock = controlSystemClock();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Each wait below the full-jitter cap of its retry: 200 ms, doubling. */
function expectJitteredBackoffs(sleeps: readonly number[], retries: number): void {
  expect(sleeps).toHaveLength(retries);
  sleeps.forEach((ms, retry) => {
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(200 * 2 ** retry);
  });
}

const upstream = useReplay();
const app = upstream.app;

const PROFILE = `query { user(username: "natgeo") { username followerCount } }`;
const NATGEO = { username: 'natgeo', followerCount: 274988955 };

describe('retried faults', () => {
  it('waits out a 429 with Retry-After: 1 and succeeds on the second attempt', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, status: 429, retryAfterSeconds: 1, times: 1 });
    const answer = await execute(app(), PROFILE);

    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual({ user: NATGEO });
    expect(upstream.replay.stats.calls.map((call) => call.status)).toEqual([429, 200]);
    expect(upstream.replay.stats.count({ provider: 'aisa' })).toBe(0);
    expect(answer.cost).toMatchObject({ upstreamCalls: 2, byProvider: { hikerapi: { upstreamCalls: 2, cacheHits: 0 } } });
    // Retry-After is honoured exactly, not replaced by the (shorter) jittered backoff.
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('retries a connection dropped mid-body once and answers from the second attempt', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, dropConnection: true, times: 1 });
    const answer = await execute(app({ PROVIDER_ORDER: 'hikerapi' }), PROFILE);

    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual({ user: NATGEO });
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.profile })).toBe(2);
    expect(answer.cost?.upstreamCalls).toBe(2);
    expectJitteredBackoffs(clock.sleeps, 1);
  });

  it("retries AIsa's 200 error envelope like the status it names", async () => {
    const busy = { success: false, error: 'provider request failed', errorStatus: 503 };
    upstream.replay.addFault({ provider: 'aisa', path: PATH.aisa.profile, status: 200, body: busy, times: 1 });
    const answer = await execute(app({ PROVIDER_ORDER: 'aisa', HIKERAPI_KEY: '' }), `query { user(username: "natgeo") { username } }`);

    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual({ user: { username: 'natgeo' } });
    expect(upstream.replay.stats.count({ provider: 'aisa', path: PATH.aisa.profile })).toBe(2);
    expect(answer.cost?.upstreamCalls).toBe(2);
  });

  it('gives UPSTREAM_UNAVAILABLE after UPSTREAM_MAX_ATTEMPTS when every connection drops', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, dropConnection: true });
    const answer = await execute(app({ PROVIDER_ORDER: 'hikerapi', UPSTREAM_MAX_ATTEMPTS: '4' }), PROFILE);

    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ user: null });
    const error = errorAt(answer.errors, ['user']);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'hikerapi' });
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.profile })).toBe(4);
    expect(answer.cost?.upstreamCalls).toBe(4);
    expectJitteredBackoffs(clock.sleeps, 3);
  });
});

describe('faults that are never retried', () => {
  it('answers UPSTREAM_BAD_RESPONSE for malformed JSON after one attempt, with no failover', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, malformedJson: true });
    const answer = await execute(app(), PROFILE);

    expect(answer.data).toEqual({ user: null });
    const error = errorAt(answer.errors, ['user']);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'hikerapi' });
    // The client learns what failed, not our upstream's paths or words (those go to the log).
    expect(error.message).toBe('HikerAPI answered something we could not read');
    expect(upstream.replay.stats.count()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('nulls only the list whose page lacks a required field (UPSTREAM_BAD_RESPONSE), siblings resolve', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.reels, omitField: 'code' });
    const answer = await execute(
      app(),
      `query { user(username: "natgeo") {
        username
        posts(first: 3) { nodes { code } }
        reels(first: 3) { nodes { code } }
      } }`,
    );

    expect(answer.data).toEqual({
      user: { username: 'natgeo', posts: { nodes: codesOf('natgeo', 'posts', 3).map((code) => ({ code })) }, reels: null },
    });
    expect(answer.errors).toHaveLength(1);
    const error = errorAt(answer.errors, ['user', 'reels']);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'hikerapi' });
    expect(error.message).not.toContain('/v1/');
    // A shape the gateway cannot read is not retried, nor sent to AIsa: it would cost calls for a bug report.
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.reels })).toBe(1);
    expect(upstream.replay.stats.count({ provider: 'aisa' })).toBe(0);
    expect(upstream.replay.stats.count()).toBe(3);
  });

  it('answers a 403 PrivateAccount after exactly one attempt and never asks AIsa', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.posts, status: 403 });
    const answer = await execute(app(), `query { user(username: "natgeo") { username posts(first: 3) { nodes { code } } } }`);

    expect(answer.data).toEqual({ user: { username: 'natgeo', posts: null } });
    const error = errorAt(answer.errors, ['user', 'posts']);
    expect(error.extensions).toMatchObject({ code: 'PRIVATE_ACCOUNT', provider: 'hikerapi' });
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.posts })).toBe(1);
    expect(upstream.replay.stats.count({ provider: 'aisa' })).toBe(0);
    expect(answer.cost?.upstreamCalls).toBe(2);
    expect(clock.sleeps).toEqual([]);
  });

  it('answers a 404 UserNotFound after exactly one attempt and never asks AIsa', async () => {
    const answer = await execute(app(), `query { user(username: "no.such.account.here") { username } }`);

    expect(answer.data).toEqual({ user: null });
    const error = errorAt(answer.errors, ['user']);
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', provider: 'hikerapi' });
    expect(upstream.replay.stats.calls.map(({ provider, path, status }) => ({ provider, path, status }))).toEqual([
      { provider: 'hikerapi', path: PATH.hikerapi.profile, status: 404 },
    ]);
    expect(answer.cost?.upstreamCalls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not let 403s and 404s open the circuit breaker', async () => {
    const server = app({ PROVIDER_ORDER: 'hikerapi', BREAKER_FAILURES: '2' });
    for (let round = 0; round < 3; round++) {
      const missing = await execute(server, `query { user(username: "no.such.account.here") { username } }`);
      expect(missing.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const answer = await execute(server, PROFILE);
    expect(answer.data).toEqual({ user: NATGEO });
    expect(upstream.replay.stats.count()).toBe(4);
  });
});
