import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorAt, execute, useReplay } from '../helpers/instagraph';
import type { Instagraph } from '../../src/server';
import { controlSystemClock, type TestClock } from '../upstream/clock';


const COOLDOWN_MS = 10_000;

// The cooldown passes when the test moves the policy's clock, not by waiting for it.
let clock: TestClock;
beforeEach(() => {
  clock = controlSystemClock();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** HikerAPI alone (no failover to hide the breaker), one try per call so each query is one failure. */
const upstream = useReplay({
  env: {
    PROVIDER_ORDER: 'hikerapi',
    UPSTREAM_MAX_ATTEMPTS: '1',
    BREAKER_FAILURES: '3',
    BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
  },
});
const app = () => upstream.app();

const profileOf = (username: string) => `query { user(username: "${username}") { username } }`;

/** Three 503s in a row: the third opens HikerAPI's circuit. */
async function openTheCircuit(server: Instagraph): Promise<void> {
  upstream.replay.addFault({ provider: 'hikerapi', status: 503 });
  for (const username of ['natgeo', 'jane', 'coralcam']) {
    const answer = await execute(server, profileOf(username));
    expect(answer.data).toEqual({ user: null });
    expect(errorAt(answer.errors, ['user']).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'hikerapi' });
  }
  expect(upstream.replay.stats.calls.map((call) => call.status)).toEqual([503, 503, 503]);
}

describe('circuit breaker', () => {
  it('opens after a burst of 503s, then fails fast with UPSTREAM_UNAVAILABLE and no upstream call', async () => {
    const server = app();
    await openTheCircuit(server);

    for (const username of ['natgeo', 'carsoncantcode']) {
      const answer = await execute(server, profileOf(username));
      expect(answer.data).toEqual({ user: null });
      const error = errorAt(answer.errors, ['user']);
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'hikerapi' });
      expect(error.message).toContain('circuit open');
      expect(answer.cost?.upstreamCalls).toBe(0);
    }
    expect(upstream.replay.stats.count()).toBe(3);
  });

  it('lets one probe through after the cooldown and closes again when it succeeds', async () => {
    const server = app();
    await openTheCircuit(server);
    upstream.replay.clearFaults();
    upstream.replay.stats.reset();
    clock.advance(COOLDOWN_MS);

    // The second query is sent once the probe has reached the upstream, which holds its answer.
    upstream.replay.setLatency(1_000);
    const probe = execute(server, profileOf('natgeo'));
    await vi.waitFor(() => expect(upstream.replay.stats.maxInFlight).toBe(1));
    const second = await execute(server, profileOf('jane'));
    expect(second.data).toEqual({ user: null });
    expect(errorAt(second.errors, ['user']).message).toContain('circuit open');
    expect(upstream.replay.stats.count()).toBe(0);
    const first = await probe;
    expect(first.errors).toEqual([]);
    expect(first.data).toEqual({ user: { username: 'natgeo' } });
    expect(upstream.replay.stats.calls.map((call) => call.params.username)).toEqual(['natgeo']);

    // Closed: every query reaches the upstream again.
    upstream.replay.setLatency(0);
    for (const username of ['jane', 'coralcam', 'carsoncantcode']) {
      const answer = await execute(server, profileOf(username));
      expect(answer.data).toEqual({ user: { username } });
    }
    expect(upstream.replay.stats.count()).toBe(4);
  });

  it('opens again at once when the probe fails', async () => {
    const server = app();
    await openTheCircuit(server);
    upstream.replay.stats.reset();
    clock.advance(COOLDOWN_MS);

    const probe = await execute(server, profileOf('natgeo'));
    expect(errorAt(probe.errors, ['user']).extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.replay.stats.count()).toBe(1);

    // One failed probe is enough: no second burst of three.
    const after = await execute(server, profileOf('jane'));
    expect(errorAt(after.errors, ['user']).message).toContain('circuit open');
    expect(upstream.replay.stats.count()).toBe(1);
  });
});
