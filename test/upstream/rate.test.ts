import { afterEach, describe, expect, it } from 'vitest';
import { RequestRate } from '../../src/upstream/rate';
import { createUpstreamPolicy } from '../../src/upstream/resilience';
import { TestClock } from './clock';
import { busiestWindow, clientFor, sendJson, startLoopback } from './loopback';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe('request rate', () => {
  it('frees one token per emission interval, with no burst after an idle spell', async () => {
    const clock = new TestClock();
    const rate = new RequestRate('hikerapi', { requestsPerSecond: 5, clock });
    expect(await rate.tryTake()).toBe(0);
    expect(await rate.tryTake()).toBeCloseTo(200, 0);
    clock.advance(10_000);
    // Ten idle seconds buy one call, not fifty: a fixed or bursting window would let more through.
    expect(await rate.tryTake()).toBe(0);
    expect(await rate.tryTake()).toBeCloseTo(200, 0);
  });

  it('starts at most 6 of 40 calls at 5/s in any sliding second, and reaches the rate', async () => {
    const server = await startLoopback((_hit, _request, response) => sendJson(response, 200, { ok: true }));
    const policy = createUpstreamPolicy({ provider: 'hikerapi', concurrency: 40, requestsPerSecond: 5 });
    const client = clientFor(server, policy);
    cleanups.push(async () => {
      await client.close();
      await server.close();
    });

    await Promise.all(Array.from({ length: 40 }, (_, i) => client.getJson('/v1/user/by/id', { id: String(i) })));
    expect(server.hits).toBe(40);
    expect(busiestWindow(server.arrivals, 1_000)).toBeLessThanOrEqual(6);
    expect(busiestWindow(server.arrivals, 1_000)).toBeGreaterThanOrEqual(5);
  });
});
