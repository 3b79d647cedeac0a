import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamPolicy } from '../../src/upstream/resilience';
import { redisServerAvailable, startRedis } from '../helpers/redis';
import { busiestWindow, clientFor, sendJson, startLoopback } from './loopback';

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function redisClient(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  // A refused connection is expected in one test; the limiter handles it, not the process.
  redis.on('error', () => undefined);
  cleanups.push(async () => redis.disconnect());
  return redis;
}

async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function okUpstream() {
  const server = await startLoopback((_hit, _request, response) => sendJson(response, 200, { ok: true }));
  cleanups.push(() => server.close());
  return server;
}

/** A replica: its own policy, Redis connection and HTTP client, for one upstream key. */
async function replica(server: Awaited<ReturnType<typeof okUpstream>>, redis: Redis, requestsPerSecond: number) {
  // A connection that is not ready yet counts in memory; these tests are about the shared count.
  if (redis.status !== 'ready') await once(redis, 'ready');
  const client = clientFor(server, createUpstreamPolicy({ provider: 'hikerapi', concurrency: 40, requestsPerSecond, redis }));
  cleanups.push(() => client.close());
  return client;
}

const callsOf = (client: Awaited<ReturnType<typeof replica>>, count: number) =>
  Array.from({ length: count }, (_, i) => client.getJson('/v1/user/by/id', { id: String(i) }));

describe.runIf(redisServerAvailable())('request rate with Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('holds 5/s in every sliding second across two replicas sharing one redis-server', async () => {
    const server = await okUpstream();
    const admin = redisClient(redis.url);
    await admin.flushall();
    const replicas = [await replica(server, redisClient(redis.url), 5), await replica(server, redisClient(redis.url), 5)];

    await Promise.all(replicas.flatMap((client) => callsOf(client, 20)));

    expect(server.hits).toBe(40);
    expect(busiestWindow(server.arrivals, 1_000)).toBeLessThanOrEqual(6);
    expect(busiestWindow(server.arrivals, 1_000)).toBeGreaterThanOrEqual(5);
    // The count lives in Redis, not in either process.
    expect(await admin.keys('instagraph:*')).toEqual(['instagraph:upstream-gcra:hikerapi']);
  });

  it('counts in memory when Redis stalls (CLIENT PAUSE), without failing or holding calls', async () => {
    const server = await okUpstream();
    const client = await replica(server, redisClient(redis.url), 2);
    await redisClient(redis.url).call('CLIENT', 'PAUSE', '10000');
    let stalled = true;
    void redisClient(redis.url)
      .ping()
      .then(
        () => {
          stalled = false;
        },
        () => undefined,
      );

    const results = await Promise.all(callsOf(client, 4));
    expect(results).toEqual(Array.from({ length: 4 }, () => ({ ok: true })));
    // Every call went out while Redis was still paused, yet still at two a second, counted by this process.
    expect(stalled).toBe(true);
    expect(busiestWindow(server.arrivals, 1_000)).toBeLessThanOrEqual(3);
  });

  it('counts in memory when Redis is unreachable, without failing calls', async () => {
    const server = await okUpstream();
    const policy = createUpstreamPolicy({
      provider: 'hikerapi',
      concurrency: 20,
      requestsPerSecond: 2,
      redis: redisClient(`redis://127.0.0.1:${await unusedPort()}`),
    });
    const client = clientFor(server, policy);
    cleanups.push(() => client.close());

    const started = performance.now();
    const results = await Promise.all(callsOf(client, 4));
    expect(results).toEqual(Array.from({ length: 4 }, () => ({ ok: true })));
    expect(busiestWindow(server.arrivals, 1_000)).toBeLessThanOrEqual(3);
    // Three emission intervals of 500 ms between four calls.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_450);
  });
});
