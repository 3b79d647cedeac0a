import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpstreamError } from '../../src/upstream/errors';
import type { UpstreamCallEvent, UpstreamHttpClient } from '../../src/upstream/http';
import { emissionIntervalMs } from '../../src/upstream/rate';
import { createUpstreamPolicy, requestDeadline, type ResilienceOptions } from '../../src/upstream/resilience';
import { TestClock } from './clock';
import { clientFor, gate, type Handler, type Loopback, sendJson, startLoopback } from './loopback';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

interface Rig {
  server: Loopback;
  client: UpstreamHttpClient;
  policy: ReturnType<typeof createUpstreamPolicy>;
  calls: UpstreamCallEvent[];
  clock: TestClock;
}

/**
 * A loopback upstream, a policy (generous limits unless overridden) and a real client using both.
 * The policy's clock skips every wait (recording it) unless the options bring their own.
 */
async function rig(handler: Handler, options: Partial<ResilienceOptions> & { clock?: TestClock } = {}): Promise<Rig> {
  const server = await startLoopback(handler);
  const clock = options.clock ?? new TestClock();
  const policy = createUpstreamPolicy({ provider: 'hikerapi', concurrency: 50, requestsPerSecond: 100_000, ...options, clock });
  const calls: UpstreamCallEvent[] = [];
  const client = clientFor(server, policy, calls);
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return { server, client, policy, calls, clock };
}

const COOLDOWN_MS = 10_000;

const ok: Handler = (_hit, _request, response) => sendJson(response, 200, { ok: true });

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(outcome)}`);
  return outcome;
}

describe('retries', () => {
  it('waits out a 429 Retry-After exactly and succeeds on the second attempt', async () => {
    const { server, client, calls, clock } = await rig((hit, _request, response) =>
      hit === 1 ? sendJson(response, 429, { detail: 'slow down' }, { 'retry-after': '1' }) : sendJson(response, 200, { pk: '1' }),
    );
    expect(await client.getJson('/v1/user/by/id', { id: '1' })).toEqual({ pk: '1' });
    expect(server.hits).toBe(2);
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    // Retry-After replaces the (shorter) jittered backoff.
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('backs off with full jitter below a cap that doubles per retry', async () => {
    const { server, client, clock } = await rig((_hit, _request, response) => sendJson(response, 503, {}), {
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 250,
    });
    expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }))).status).toBe(503);
    expect(server.hits).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
    // Caps 100, 200, then 400 held to maxDelayMs 250.
    [100, 200, 250].forEach((cap, retry) => {
      expect(clock.sleeps[retry]).toBeGreaterThanOrEqual(0);
      expect(clock.sleeps[retry]).toBeLessThan(cap);
    });
  });

  it('gives up on a 503 after maxAttempts (3) with UPSTREAM_UNAVAILABLE', async () => {
    const { server, client, calls, clock } = await rig((_hit, _request, response) => sendJson(response, 503, { detail: 'down' }));
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(server.hits).toBe(3);
    expect(calls).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it.each([
    [404, 'NOT_FOUND'],
    [403, 'UPSTREAM_AUTH'],
    [401, 'UPSTREAM_AUTH'],
    [402, 'UPSTREAM_PAYMENT_REQUIRED'],
    [422, 'UPSTREAM_BAD_REQUEST'],
    [400, 'UPSTREAM_BAD_REQUEST'],
  ])('never retries a %i (%s)', async (status, code) => {
    const { server, client, clock } = await rig((_hit, _request, response) => sendJson(response, status, { detail: 'no' }));
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    expect(error.code).toBe(code);
    expect(server.hits).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('never retries a malformed 200 body', async () => {
    const { server, client } = await rig((_hit, _request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"pk": ');
    });
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(server.hits).toBe(1);
  });

  it('does not start a Retry-After wait that would end past the deadline', async () => {
    const { server, client, clock } = await rig((_hit, _request, response) =>
      sendJson(response, 429, { detail: 'slow down' }, { 'retry-after': '1' }),
    );
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: requestDeadline(500) }));
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(error.status).toBe(429);
    expect(server.hits).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not wait for a Retry-After longer than maxDelayMs', async () => {
    const { server, client, clock } = await rig(
      (_hit, _request, response) => sendJson(response, 429, { detail: 'slow down' }, { 'retry-after': '2' }),
      { maxDelayMs: 1_000 },
    );
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(server.hits).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('deadline', () => {
  // Never answers: only the deadline can end the exchange.
  const hang: Handler = () => undefined;

  it.each([
    ['requestDeadline', () => requestDeadline(300)],
    ['a plain AbortSignal.timeout', () => AbortSignal.timeout(300)],
  ])('ends a hanging exchange at a 300 ms deadline (%s) with UPSTREAM_TIMEOUT', async (_name, deadline) => {
    const { server, client, calls } = await rig(hang);
    const started = performance.now();
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: deadline() }));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(server.hits).toBe(1);
    expect(calls).toHaveLength(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('does not call the upstream for a request already past its deadline', async () => {
    const { server, client } = await rig(ok);
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: AbortSignal.abort() }));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(server.hits).toBe(0);
  });

  it('stops a backoff wait at the deadline with UPSTREAM_TIMEOUT', async () => {
    // The clock holds every wait: only the deadline can end the backoff.
    const { server, client, clock } = await rig((_hit, _request, response) => sendJson(response, 503, {}), {
      clock: new TestClock({ holdSleeps: true }),
    });
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: AbortSignal.timeout(300) }));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.message).toContain('after 1 attempt(s)');
    expect(server.hits).toBe(1);
    expect(clock.sleeps).toHaveLength(1);
  });
});

describe('circuit breaker', () => {

  it('opens after consecutive failures, fails fast, then closes after one successful probe', async () => {
    let healthy = false;
    const { server, client, policy, calls, clock } = await rig(
      (_hit, _request, response) => (healthy ? sendJson(response, 200, { ok: true }) : sendJson(response, 503, {})),
      { maxAttempts: 1, breaker: { consecutiveFailures: 3, halfOpenAfterMs: COOLDOWN_MS } },
    );
    for (let i = 0; i < 3; i++) {
      expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }))).status).toBe(503);
    }
    expect(policy.state()).toBe('open');
    expect(server.hits).toBe(3);

    const fastFailures = await Promise.all(Array.from({ length: 5 }, () => failure(client.getJson('/v1/user/by/id', { id: '1' }))));
    for (const error of fastFailures) {
      expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(error.message).toContain('circuit open');
    }
    expect(server.hits).toBe(3);
    expect(calls).toHaveLength(3);

    healthy = true;
    clock.advance(COOLDOWN_MS - 1);
    expect(policy.state()).toBe('open');
    clock.advance(1);
    expect(policy.state()).toBe('half-open');
    await expect(client.getJson('/v1/user/by/id', { id: '1' })).resolves.toEqual({ ok: true });
    expect(server.hits).toBe(4);
    expect(policy.state()).toBe('closed');
    await expect(client.getJson('/v1/user/by/id', { id: '1' })).resolves.toEqual({ ok: true });
    expect(server.hits).toBe(5);
  });

  it('lets a single probe through while half-open and reopens when it fails', async () => {
    const probeAnswer = gate();
    const { server, client, policy, clock } = await rig(
      (hit, _request, response) => {
        if (hit <= 2) sendJson(response, 503, {});
        else void probeAnswer.opened.then(() => sendJson(response, 503, {}));
      },
      { maxAttempts: 1, breaker: { consecutiveFailures: 2, halfOpenAfterMs: COOLDOWN_MS } },
    );
    await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    expect(policy.state()).toBe('open');
    clock.advance(COOLDOWN_MS);

    const settled: UpstreamError[] = [];
    const calls = Array.from({ length: 4 }, () => failure(client.getJson('/v1/user/by/id', { id: '1' })).then((error) => settled.push(error)));
    // The three calls behind the probe are refused while the probe is still waiting for its answer.
    await vi.waitFor(() => expect(settled).toHaveLength(3));
    expect(settled.every((error) => error.message.includes('circuit open'))).toBe(true);
    expect(server.hits).toBe(3);
    expect(policy.state()).toBe('half-open');

    probeAnswer.open();
    await Promise.all(calls);
    expect(settled[3]?.status).toBe(503);
    expect(server.hits).toBe(3);
    expect(policy.state()).toBe('open');
  });

  it("counts undici's own timeouts, but never calls cut by our deadline or cancelled by the client", async () => {
    const cancels: AbortController[] = [];
    // Never answers; a call that brought a controller is cancelled once it has reached the upstream.
    const { server, client, policy } = await rig(() => cancels.shift()?.abort(), {
      maxAttempts: 1,
      minCallBudgetMs: 0,
      breaker: { consecutiveFailures: 3, halfOpenAfterMs: COOLDOWN_MS },
    });
    for (let i = 0; i < 4; i++) {
      const cancel = new AbortController();
      cancels.push(cancel);
      expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: cancel.signal }))).code).toBe('UPSTREAM_TIMEOUT');
      expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: requestDeadline(50) }))).code).toBe('UPSTREAM_TIMEOUT');
    }
    expect(server.hits).toBe(8);
    expect(policy.state()).toBe('closed');

    // The same hanging upstream, now cut by undici's headers timeout: the upstream's own failure.
    const impatient = clientFor(server, policy, [], { connectMs: 1_000, headersMs: 100, bodyMs: 1_000 });
    cleanups.push(() => impatient.close());
    for (let i = 0; i < 3; i++) {
      expect((await failure(impatient.getJson('/v1/user/by/id', { id: '1' }))).code).toBe('UPSTREAM_TIMEOUT');
    }
    expect(policy.state()).toBe('open');
    expect(server.hits).toBe(11);
    expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }))).message).toContain('circuit open');
    expect(server.hits).toBe(11);
  });

  it('hands the probe on, neither closing nor reopening the circuit, when we cancel it', async () => {
    let healthy = false;
    const cancels: AbortController[] = [];
    const { server, client, policy, clock } = await rig(
      (_hit, _request, response) => {
        const cancel = cancels.shift();
        if (cancel) cancel.abort();
        else sendJson(response, healthy ? 200 : 503, {});
      },
      { maxAttempts: 1, breaker: { consecutiveFailures: 2, halfOpenAfterMs: COOLDOWN_MS } },
    );
    await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    clock.advance(COOLDOWN_MS);
    healthy = true;

    const cancel = new AbortController();
    cancels.push(cancel);
    expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: cancel.signal }))).code).toBe('UPSTREAM_TIMEOUT');
    expect(server.hits).toBe(3);
    // Still waiting for a verdict: the next call is the probe, at once.
    expect(policy.state()).toBe('half-open');
    await expect(client.getJson('/v1/user/by/id', { id: '1' })).resolves.toEqual({});
    expect(server.hits).toBe(4);
    expect(policy.state()).toBe('closed');
  });

  it('does not count answers from a healthy upstream (404, 403) against the circuit', async () => {
    const statuses = [503, 503, 404, 503, 503, 403, 404, 404, 404, 503, 503];
    const { server, client, policy } = await rig(
      (hit, _request, response) => sendJson(response, statuses[hit - 1] ?? 200, {}),
      { maxAttempts: 1, breaker: { consecutiveFailures: 3, halfOpenAfterMs: COOLDOWN_MS } },
    );
    for (const status of statuses) {
      expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }))).status).toBe(status);
    }
    expect(server.hits).toBe(statuses.length);
    expect(policy.state()).toBe('closed');
  });
});

describe('call budget', () => {
  it('does not start a call with less than minCallBudgetMs (default 250) of its deadline left, nor spend its token', async () => {
    const { server, client, clock } = await rig(ok, { requestsPerSecond: 1 });
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: requestDeadline(200) }));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.message).toContain('less than a call needs (250 ms)');
    expect(server.hits).toBe(0);
    // The one token of this second is still there.
    await expect(client.getJson('/v1/user/by/id', { id: '2' }, { signal: requestDeadline(600) })).resolves.toEqual({ ok: true });
    expect(server.hits).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('turns a queued call away once its deadline leaves less than the budget, before the deadline itself', async () => {
    const firstAnswer = gate();
    const { server, client } = await rig(
      (hit, _request, response) => {
        void (hit === 1 ? firstAnswer.opened : Promise.resolve()).then(() => sendJson(response, 200, { ok: true }));
      },
      { concurrency: 1, minCallBudgetMs: 250 },
    );
    const first = client.getJson('/v1/user/by/id', { id: '1' });
    const deadline = requestDeadline(400);
    const queued = await failure(client.getJson('/v1/user/by/id', { id: '2' }, { signal: deadline }));
    expect(queued.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(queued.message).toContain('our own concurrency limit');
    expect(deadline.aborted).toBe(false);
    expect(server.hits).toBe(1);
    firstAnswer.open();
    await expect(first).resolves.toEqual({ ok: true });
  });

  it('does not retry when the wait would leave less than the budget', async () => {
    const { server, client, clock } = await rig((_hit, _request, response) =>
      sendJson(response, 429, { detail: 'slow down' }, { 'retry-after': '1' }),
    );
    // 1 s of Retry-After fits in 1.1 s, but the call after it would have under 250 ms.
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: requestDeadline(1_100) }));
    expect(error.status).toBe(429);
    expect(server.hits).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('hooks', () => {
  it('reports retries, waits, refusals and circuit state changes', async () => {
    const retries: unknown[] = [];
    const states: string[] = [];
    const refusals: unknown[] = [];
    const waits: Array<string | undefined> = [];
    const { server, client, clock } = await rig(
      (hit, _request, response) => (hit === 1 ? sendJson(response, 429, {}, { 'retry-after': '1' }) : sendJson(response, 503, {})),
      {
        maxAttempts: 2,
        breaker: { consecutiveFailures: 2, halfOpenAfterMs: COOLDOWN_MS },
        onRetry: (event) => retries.push(event),
        onStateChange: (state) => states.push(state),
        onRefused: (event) => refusals.push(event),
        onWait: ({ client: name }) => waits.push(name),
      },
    );
    expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }))).status).toBe(503);
    expect(retries).toEqual([{ endpoint: '/v1/user/by/id', attempt: 1, reason: 'UPSTREAM_RATE_LIMITED', status: 429, delayMs: 1_000 }]);
    expect(clock.sleeps).toEqual([1_000]);
    expect(waits).toEqual([undefined, undefined]);
    // The 429 and the 503 opened the circuit: the next call is refused without a turn in the queue.
    expect(states).toEqual(['open']);
    expect((await failure(client.getJson('/v1/user/by/id', { id: '2' }))).message).toContain('circuit open');
    expect(refusals).toEqual([{ endpoint: '/v1/user/by/id', client: undefined, reason: 'circuit-open' }]);
    expect(waits).toHaveLength(2);
    expect(server.hits).toBe(2);
    clock.advance(COOLDOWN_MS);
    // The probe fails, so its retry finds the circuit open again.
    expect((await failure(client.getJson('/v1/user/by/id', { id: '3' }))).message).toContain('circuit open');
    expect(server.hits).toBe(3);
    expect(states).toEqual(['open', 'half-open', 'open']);
    expect(refusals).toHaveLength(2);
  });
});

describe('limits', () => {
  it.each([
    [{ requestsPerSecond: 5 }, 200],
    [{ requestsPerSecond: 15 }, 1_000 / 15],
    [{ requestsPerMinute: 600 }, 100],
    [{ requestsPerMinute: 7 }, 60_000 / 7],
  ])('spaces calls at %j one emission interval (%d ms) apart', (rate, interval) => {
    expect(emissionIntervalMs(rate)).toBeCloseTo(interval, 9);
  });

  it('refuses a rate given twice, not at all, or not above zero', () => {
    expect(() => emissionIntervalMs({ requestsPerSecond: 1, requestsPerMinute: 60 })).toThrow(/exactly one/);
    expect(() => emissionIntervalMs({})).toThrow(/exactly one/);
    expect(() => emissionIntervalMs({ requestsPerMinute: 0 })).toThrow(/positive/);
  });

  it('never has more than `concurrency` exchanges in flight', async () => {
    let policyInFlightPeak = 0;
    const { server, client, policy } = await rig(
      (_hit, _request, response) => {
        policyInFlightPeak = Math.max(policyInFlightPeak, policy.inFlight);
        setTimeout(() => sendJson(response, 200, { ok: true }), 20);
      },
      { concurrency: 5 },
    );
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.getJson('/v1/user/by/id', { id: String(i) })));
    expect(results).toHaveLength(50);
    expect(server.hits).toBe(50);
    expect(server.maxInFlight).toBe(5);
    expect(policyInFlightPeak).toBe(5);
    expect(policy.inFlight).toBe(0);
  });

  it('fails at once with UPSTREAM_RATE_LIMITED (our own limit) when the next token is past the deadline', async () => {
    const rigged = await rig(ok, { requestsPerSecond: 1 });
    await rigged.client.getJson('/v1/user/by/id', { id: '1' });
    const { server, client, clock } = { server: rigged.server, client: rigged.client, clock: rigged.clock };
    const error = await failure(client.getJson('/v1/user/by/id', { id: '2' }, { signal: requestDeadline(300) }));
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(error.message).toContain('our own request-rate limit');
    expect(error.status).toBeUndefined();
    expect(server.hits).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('stops waiting for a concurrency slot when its signal aborts, and the queue behind it moves on', async () => {
    const firstAnswer = gate();
    const { server, client } = await rig(
      (hit, _request, response) => {
        if (hit === 1) void firstAnswer.opened.then(() => sendJson(response, 200, { ok: true }));
        else sendJson(response, 200, { ok: true });
      },
      { concurrency: 1 },
    );
    const first = client.getJson('/v1/user/by/id', { id: '1' });
    const cancel = new AbortController();
    const second = failure(client.getJson('/v1/user/by/id', { id: '2' }, { signal: cancel.signal }));
    const third = client.getJson('/v1/user/by/id', { id: '3' });
    await vi.waitFor(() => expect(server.hits).toBe(1));

    // The first holds the only slot: the second leaves the queue while it is still held.
    cancel.abort();
    const secondError = await second;
    expect(secondError.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(secondError.message).toContain('our own concurrency limit');
    expect(server.hits).toBe(1);

    firstAnswer.open();
    expect(await first).toEqual({ ok: true });
    expect(await third).toEqual({ ok: true });
    expect(server.hits).toBe(2);
    expect(server.maxInFlight).toBe(1);
  });

  it('takes a new slot and a new token for each retry', async () => {
    const { server, client, clock } = await rig(
      (hit, _request, response) => (hit < 3 ? sendJson(response, 503, {}) : sendJson(response, 200, { ok: true })),
      { requestsPerSecond: 2, baseDelayMs: 1 },
    );
    expect(await client.getJson('/v1/user/by/id', { id: '1' })).toEqual({ ok: true });
    expect(server.hits).toBe(3);
    // Two tokens per second: after each sub-millisecond backoff the retry waits about 500 ms for its token.
    expect(clock.sleeps.filter((ms) => ms > 400)).toHaveLength(2);
  });
});
