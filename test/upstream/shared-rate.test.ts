import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamPolicy } from '../../src/upstream/resilience';
import { redisServerAvailable, startRedis } from '../helpers/redis';
import { clientFor, sendJson, startLoopback } from './loopback';

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

describe.runIf(redisServerAvailable())('request rate with Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('is shared by every replica using the same Redis', async () => {
    const server = await okUpstream();
    // Two replicas: each its own policy, Redis connection and HTTP client, one upstream key.
    const connections = [redisClient(redis.url), redisClient(redis.url)];
    // A connection that is not ready yet counts in memory; the test is about the shared count.
    await Promise.all(connections.map((connection) => once(connection, 'ready')));
    const replicas = connections.map((connection) => {
      const policy = createUpstreamPolicy({ provider: 'hikerapi', concurrency: 20, requestsPerSecond: 5, redis: connection });
      const client = clientFor(server, policy);
      cleanups.push(() => client.close());
      return client;
    });

    const started = performance.now();
    await Promise.all(
      replicas.flatMap((client) => Array.from({ length: 5 }, (_, i) => client.getJson('/v1/user/by/id', { id: String(i) }))),
    );
    const elapsedMs = performance.now() - started;

    expect(server.hits).toBe(10);
    // Five tokens a second between both replicas: half the calls wait for the next window.
    expect(server.arrivals.filter((at) => at - started < 500)).toHaveLength(5);
    expect(elapsedMs).toBeGreaterThanOrEqual(900);
    // The count lives in Redis, not in either process.
    expect(await connections[0]?.keys('instagraph:upstream-rate*')).toHaveLength(1);
  });

  it('falls back to counting in memory when Redis is unreachable, without failing calls', async () => {
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
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => client.getJson('/v1/user/by/id', { id: String(i) })));
    const elapsedMs = performance.now() - started;

    expect(results).toEqual(Array.from({ length: 4 }, () => ({ ok: true })));
    expect(server.hits).toBe(4);
    // Still limited: two per second in memory.
    expect(server.arrivals.filter((at) => at - started < 500)).toHaveLength(2);
    expect(elapsedMs).toBeGreaterThanOrEqual(900);
  });
});
