import { setMaxListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpstreamError } from '../../src/upstream/errors';
import { createUpstreamPolicy, type UpstreamClient, type UpstreamPolicy } from '../../src/upstream/resilience';
import { clientFor, gate, type Handler, type Loopback, sendJson, startLoopback } from './loopback';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Calls for one client through `policy`, as the provider's HTTP client makes them. */
function callerFor(server: Loopback, policy: UpstreamPolicy) {
  const http = clientFor(server, undefined);
  cleanups.push(async () => {
    await http.close();
    await server.close();
  });
  // The endpoint's id names the client, so the upstream can tell whose call it is serving.
  return (id: string, client: UpstreamClient | undefined, signal?: AbortSignal) =>
    policy.execute('/v1/user/by/id', (attemptSignal) => http.getJson('/v1/user/by/id', { id }, { signal: attemptSignal }), { signal, client });
}

/** A loopback upstream that logs whose calls arrive, in order, and how many of each are in flight. */
async function loggingUpstream(answer: (response: Parameters<Handler>[2]) => void) {
  const arrivals: string[] = [];
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  const server = await startLoopback((_hit, request, response) => {
    const who = new URL(request.url ?? '/', 'http://upstream').searchParams.get('id')?.split('-')[0] ?? '?';
    arrivals.push(who);
    inFlight.set(who, (inFlight.get(who) ?? 0) + 1);
    peak.set(who, Math.max(peak.get(who) ?? 0, inFlight.get(who) ?? 0));
    response.on('close', () => inFlight.set(who, (inFlight.get(who) ?? 1) - 1));
    answer(response);
  });
  return { server, arrivals, inFlight, peak };
}

describe('fair share', () => {
  it("serves a second client's calls in turn with an anonymous flood, not behind it", async () => {
    const { server, arrivals } = await loggingUpstream((response) => {
      setTimeout(() => sendJson(response, 200, { ok: true }), 300);
    });
    const policy = createUpstreamPolicy({ provider: 'hikerapi', concurrency: 10, requestsPerSecond: 15, maxAttempts: 1 });
    const call = callerFor(server, policy);

    // 20 requests of 30 calls each, all anonymous: one client.
    const flood = new AbortController();
    setMaxListeners(700, flood.signal);
    const flooded = Array.from({ length: 600 }, (_, i) =>
      call(`anon-${i}`, undefined, flood.signal).then(
        () => undefined,
        (error: UpstreamError) => error,
      ),
    );
    await vi.waitFor(() => expect(arrivals.length).toBeGreaterThanOrEqual(5));

    const before = arrivals.length;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call(`b-${i}`, { name: 'b' })));
    expect(answers).toEqual(Array.from({ length: 12 }, () => ({ ok: true })));
    // Turns alternate: about as many flood calls as b's own went out while b waited, not the 595 queued.
    const duringB = arrivals.slice(before, arrivals.lastIndexOf('b') + 1);
    expect(duringB.filter((who) => who === 'b')).toHaveLength(12);
    expect(duringB.filter((who) => who === 'anon').length).toBeLessThanOrEqual(14);

    // The flood's waiters leave the moment their signal aborts; nothing more goes upstream.
    const sent = arrivals.length;
    flood.abort();
    const outcomes = await Promise.all(flooded);
    expect(arrivals.length).toBe(sent);
    const refused = outcomes.filter((outcome) => outcome?.code === 'UPSTREAM_RATE_LIMITED');
    expect(refused.length).toBeGreaterThan(500);
    expect(policy.inFlight).toBe(0);
  });

  it("caps one client's calls in flight at its own concurrency while others use the rest", async () => {
    const answers = gate();
    const { server, arrivals, inFlight, peak } = await loggingUpstream((response) => {
      void answers.opened.then(() => sendJson(response, 200, { ok: true }));
    });
    const policy = createUpstreamPolicy({ provider: 'hikerapi', concurrency: 10, requestsPerSecond: 100_000 });
    const call = callerFor(server, policy);

    const capped = Array.from({ length: 8 }, (_, i) => call(`a-${i}`, { name: 'a', concurrency: 2 }));
    const free = Array.from({ length: 8 }, (_, i) => call(`b-${i}`, { name: 'b' }));
    await vi.waitFor(() => expect(arrivals).toHaveLength(10));
    expect(inFlight.get('a')).toBe(2);
    expect(inFlight.get('b')).toBe(8);
    expect(policy.inFlight).toBe(10);

    answers.open();
    await Promise.all([...capped, ...free]);
    expect(arrivals).toHaveLength(16);
    expect(peak.get('a')).toBe(2);
  });
});
