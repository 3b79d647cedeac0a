import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/upstream/errors';
import type { UpstreamCallEvent, UpstreamHttpClient } from '../../src/upstream/http';
import { rateWindow } from '../../src/upstream/limits';
import { createUpstreamPolicy, requestDeadline, type ResilienceOptions } from '../../src/upstream/resilience';
import { clientFor, type Handler, type Loopback, sendJson, startLoopback } from './loopback';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

interface Rig {
  server: Loopback;
  client: UpstreamHttpClient;
  policy: ReturnType<typeof createUpstreamPolicy>;
  calls: UpstreamCallEvent[];
}

/** A loopback upstream, a policy (generous limits unless overridden) and a real client using both. */
async function rig(handler: Handler, options: Partial<ResilienceOptions> = {}): Promise<Rig> {
  const server = await startLoopback(handler);
  const policy = createUpstreamPolicy({ provider: 'hikerapi', concurrency: 50, requestsPerSecond: 1_000, baseDelayMs: 20, ...options });
  const calls: UpstreamCallEvent[] = [];
  const client = clientFor(server, policy, calls);
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return { server, client, policy, calls };
}

const ok: Handler = (_hit, _request, response) => sendJson(response, 200, { ok: true });

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(outcome)}`);
  return outcome;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = performance.now();
  const result = await run();
  return { result, elapsedMs: performance.now() - started };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('retries', () => {
  it('waits out a 429 Retry-After and succeeds on the second attempt', async () => {
    const { server, client, calls } = await rig((hit, _request, response) =>
      hit === 1 ? sendJson(response, 429, { detail: 'slow down' }, { 'retry-after': '1' }) : sendJson(response, 200, { pk: '1' }),
    );
    const { result, elapsedMs } = await timed(() => client.getJson('/v1/user/by/id', { id: '1' }));
    expect(result).toEqual({ pk: '1' });
    expect(server.hits).toBe(2);
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(elapsedMs).toBeGreaterThanOrEqual(950);
    expect(elapsedMs).toBeLessThan(1_800);
  });

  it('gives up on a 503 after maxAttempts (3) with UPSTREAM_UNAVAILABLE', async () => {
    const { server, client, calls } = await rig((_hit, _request, response) => sendJson(response, 503, { detail: 'down' }));
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(server.hits).toBe(3);
    expect(calls).toHaveLength(3);
  });

  it.each([
    [404, 'NOT_FOUND'],
    [403, 'UPSTREAM_AUTH'],
    [401, 'UPSTREAM_AUTH'],
    [402, 'UPSTREAM_PAYMENT_REQUIRED'],
    [422, 'UPSTREAM_BAD_REQUEST'],
    [400, 'UPSTREAM_BAD_REQUEST'],
  ])('never retries a %i (%s)', async (status, code) => {
    const { server, client } = await rig((_hit, _request, response) => sendJson(response, status, { detail: 'no' }));
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    expect(error.code).toBe(code);
    expect(server.hits).toBe(1);
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
    const { server, client } = await rig((_hit, _request, response) =>
      sendJson(response, 429, { detail: 'slow down' }, { 'retry-after': '1' }),
    );
    const { result: error, elapsedMs } = await timed(() =>
      failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: requestDeadline(500) })),
    );
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(error.status).toBe(429);
    expect(server.hits).toBe(1);
    expect(elapsedMs).toBeLessThan(300);
  });

  it('does not wait for a Retry-After longer than maxDelayMs', async () => {
    const { server, client } = await rig(
      (_hit, _request, response) => sendJson(response, 429, { detail: 'slow down' }, { 'retry-after': '2' }),
      { maxDelayMs: 1_000 },
    );
    const { result: error, elapsedMs } = await timed(() => failure(client.getJson('/v1/user/by/id', { id: '1' })));
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(server.hits).toBe(1);
    expect(elapsedMs).toBeLessThan(300);
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
    const { result: error, elapsedMs } = await timed(() => failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: deadline() })));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(server.hits).toBe(1);
    expect(calls).toHaveLength(1);
    expect(elapsedMs).toBeGreaterThanOrEqual(280);
    expect(elapsedMs).toBeLessThan(600);
  });

  it('does not call the upstream for a request already past its deadline', async () => {
    const { server, client } = await rig(ok);
    const error = await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: AbortSignal.abort() }));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(server.hits).toBe(0);
  });

  it('stops a backoff wait at the deadline with UPSTREAM_TIMEOUT', async () => {
    // baseDelayMs 10 s: the first backoff is long, and a plain signal hides when the deadline falls.
    const { server, client } = await rig((_hit, _request, response) => sendJson(response, 503, {}), {
      baseDelayMs: 10_000,
      maxDelayMs: 10_000,
    });
    const { result: error, elapsedMs } = await timed(() =>
      failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: AbortSignal.timeout(300) })),
    );
    // Full jitter may pick a wait shorter than 300 ms; then the second try is cut by the deadline.
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(server.hits).toBeLessThanOrEqual(2);
    expect(elapsedMs).toBeLessThan(600);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, fails fast, then closes after one successful probe', async () => {
    let healthy = false;
    const { server, client, policy, calls } = await rig(
      (_hit, _request, response) => (healthy ? sendJson(response, 200, { ok: true }) : sendJson(response, 503, {})),
      { maxAttempts: 1, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 200 } },
    );
    for (let i = 0; i < 3; i++) {
      expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }))).status).toBe(503);
    }
    expect(policy.state()).toBe('open');
    expect(server.hits).toBe(3);

    const { result: fastFailures, elapsedMs } = await timed(() =>
      Promise.all(Array.from({ length: 5 }, () => failure(client.getJson('/v1/user/by/id', { id: '1' })))),
    );
    for (const error of fastFailures) {
      expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(error.message).toContain('circuit open');
    }
    expect(server.hits).toBe(3);
    expect(calls).toHaveLength(3);
    expect(elapsedMs).toBeLessThan(100);

    healthy = true;
    await pause(250);
    expect(policy.state()).toBe('half-open');
    await expect(client.getJson('/v1/user/by/id', { id: '1' })).resolves.toEqual({ ok: true });
    expect(server.hits).toBe(4);
    expect(policy.state()).toBe('closed');
    await expect(client.getJson('/v1/user/by/id', { id: '1' })).resolves.toEqual({ ok: true });
    expect(server.hits).toBe(5);
  });

  it('lets a single probe through while half-open and reopens when it fails', async () => {
    const { server, client, policy } = await rig(
      (_hit, _request, response) => {
        setTimeout(() => sendJson(response, 503, {}), 50);
      },
      { maxAttempts: 1, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 200 } },
    );
    await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    await failure(client.getJson('/v1/user/by/id', { id: '1' }));
    expect(policy.state()).toBe('open');
    await pause(250);

    const results = await Promise.all(Array.from({ length: 4 }, () => failure(client.getJson('/v1/user/by/id', { id: '1' }))));
    expect(server.hits).toBe(3);
    expect(results.filter((error) => error.status === 503)).toHaveLength(1);
    expect(results.filter((error) => error.message.includes('circuit open'))).toHaveLength(3);
    expect(policy.state()).toBe('open');
  });

  it('counts exchanges cut by the deadline (a hanging upstream) but not calls the client cancelled', async () => {
    const { server, client, policy } = await rig(() => undefined, {
      maxAttempts: 1,
      breaker: { consecutiveFailures: 3, halfOpenAfterMs: 10_000 },
    });
    for (let i = 0; i < 4; i++) {
      const cancel = new AbortController();
      const call = failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: cancel.signal }));
      setTimeout(() => cancel.abort(), 30);
      expect((await call).code).toBe('UPSTREAM_TIMEOUT');
    }
    expect(policy.state()).toBe('closed');

    for (let i = 0; i < 3; i++) {
      expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: requestDeadline(50) }))).code).toBe('UPSTREAM_TIMEOUT');
    }
    expect(policy.state()).toBe('open');
    expect(server.hits).toBe(7);
    expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }, { signal: requestDeadline(50) }))).message).toContain('circuit open');
    expect(server.hits).toBe(7);
  });

  it('does not count answers from a healthy upstream (404, 403) against the circuit', async () => {
    const statuses = [503, 503, 404, 503, 503, 403, 404, 404, 404, 503, 503];
    const { server, client, policy } = await rig(
      (hit, _request, response) => sendJson(response, statuses[hit - 1] ?? 200, {}),
      { maxAttempts: 1, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 10_000 } },
    );
    for (const status of statuses) {
      expect((await failure(client.getJson('/v1/user/by/id', { id: '1' }))).status).toBe(status);
    }
    expect(server.hits).toBe(statuses.length);
    expect(policy.state()).toBe('closed');
  });
});

describe('limits', () => {
  it.each([
    [{ requestsPerSecond: 15 }, { points: 15, durationSeconds: 1 }],
    [{ requestsPerMinute: 600 }, { points: 10, durationSeconds: 1 }],
    [{ requestsPerMinute: 90 }, { points: 3, durationSeconds: 2 }],
    [{ requestsPerMinute: 7 }, { points: 7, durationSeconds: 60 }],
    [{ requestsPerSecond: 0.5 }, { points: 1, durationSeconds: 2 }],
  ])('turns %j into the shortest exact whole-second window', (rate, window) => {
    expect(rateWindow(rate)).toEqual(window);
  });

  it('refuses a rate given twice, not at all, or below one a minute', () => {
    expect(() => rateWindow({ requestsPerSecond: 1, requestsPerMinute: 60 })).toThrow(/exactly one/);
    expect(() => rateWindow({})).toThrow(/exactly one/);
    expect(() => rateWindow({ requestsPerMinute: 0 })).toThrow(/at least 1/);
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

  it('spreads 40 calls at 20/s over two one-second windows without drawing a 429', async () => {
    const startedAt: number[] = [];
    const { server, client } = await rig(
      (_hit, _request, response) => {
        const now = performance.now();
        startedAt.push(now);
        // The upstream's own limit: more than 20 requests within any 900 ms is refused.
        const recent = startedAt.filter((at) => now - at < 900);
        if (recent.length > 20) sendJson(response, 429, { detail: 'rate limited' }, { 'retry-after': '1' });
        else sendJson(response, 200, { ok: true });
      },
      { concurrency: 40, requestsPerSecond: 20, maxAttempts: 1 },
    );
    const { elapsedMs } = await timed(() =>
      Promise.all(Array.from({ length: 40 }, (_, i) => client.getJson('/v1/user/by/id', { id: String(i) }))),
    );
    expect(server.hits).toBe(40);
    expect(elapsedMs).toBeGreaterThanOrEqual(900);
    expect(elapsedMs).toBeLessThan(2_500);
  });

  it('fails at once with UPSTREAM_RATE_LIMITED (our own limit) when the next token is past the deadline', async () => {
    const { server, client } = await rig(ok, { requestsPerSecond: 1 });
    await client.getJson('/v1/user/by/id', { id: '1' });
    const { result: error, elapsedMs } = await timed(() =>
      failure(client.getJson('/v1/user/by/id', { id: '2' }, { signal: requestDeadline(300) })),
    );
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(error.message).toContain('our own request-rate limit');
    expect(error.status).toBeUndefined();
    expect(server.hits).toBe(1);
    expect(elapsedMs).toBeLessThan(100);
  });

  it('stops waiting for a concurrency slot at the deadline, and the queue behind it moves on', async () => {
    const { server, client } = await rig(
      (_hit, _request, response) => {
        setTimeout(() => sendJson(response, 200, { ok: true }), 200);
      },
      { concurrency: 1 },
    );
    const first = timed(() => client.getJson('/v1/user/by/id', { id: '1' }));
    const second = timed(() => failure(client.getJson('/v1/user/by/id', { id: '2' }, { signal: AbortSignal.timeout(50) })));
    const third = timed(() => client.getJson('/v1/user/by/id', { id: '3' }));

    const secondOutcome = await second;
    expect(secondOutcome.result.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(secondOutcome.result.message).toContain('our own concurrency limit');
    expect(secondOutcome.elapsedMs).toBeLessThan(150);

    expect((await first).result).toEqual({ ok: true });
    const thirdOutcome = await third;
    expect(thirdOutcome.result).toEqual({ ok: true });
    expect(thirdOutcome.elapsedMs).toBeLessThan(700);
    expect(server.hits).toBe(2);
    expect(server.maxInFlight).toBe(1);
  });

  it('takes a new slot and a new token for each retry', async () => {
    const { server, client } = await rig(
      (hit, _request, response) => (hit < 3 ? sendJson(response, 503, {}) : sendJson(response, 200, { ok: true })),
      { requestsPerSecond: 2, baseDelayMs: 1 },
    );
    const { result, elapsedMs } = await timed(() => client.getJson('/v1/user/by/id', { id: '1' }));
    expect(result).toEqual({ ok: true });
    expect(server.hits).toBe(3);
    // Two tokens per second: the third try waits for the next window.
    expect(elapsedMs).toBeGreaterThanOrEqual(900);
  });
});
