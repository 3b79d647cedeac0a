import { describe, expect, it, vi } from 'vitest';
import { createApp, useReplay } from '../helpers/instagraph';
import { redisServerAvailable, useRedis } from '../helpers/redis';
import { PATH } from '../helpers/world';

async function ready(app: ReturnType<typeof createApp>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await app.yoga.fetch('http://instagraph.test/ready');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('readiness apart from liveness', () => {
  const upstream = useReplay();

  it('is ready when serving, and 503 while draining while /health still answers', async () => {
    const app = upstream.app();
    expect(await ready(app)).toMatchObject({ status: 200, body: { ready: true, draining: false, redis: 'not configured' } });
    app.readiness.startDraining();
    expect(await ready(app)).toMatchObject({ status: 503, body: { ready: false, draining: true } });
    expect((await app.yoga.fetch('http://instagraph.test/health')).status).toBe(200);
  });

  it('is 503 when every provider circuit is open, naming them', async () => {
    const app = upstream.app({ UPSTREAM_MAX_ATTEMPTS: '1', BREAKER_FAILURES: '1', PROVIDER_ORDER: 'hikerapi' });
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, status: 503 });
    await app.yoga.fetch('http://instagraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ user(username: "natgeo") { pk } }' }),
    });
    expect(await ready(app)).toMatchObject({ status: 503, body: { ready: false, circuits: { hikerapi: 'open' } } });
  });

  describe.runIf(redisServerAvailable())('with Redis', () => {
    const redis = useRedis();

    it('goes 503 when Redis has been unreachable past the grace period, and back to 200 when it returns', async () => {
      const app = upstream.app({ REDIS_URL: redis.url, READY_REDIS_GRACE_MS: '200' });
      await app.connected();
      expect(await ready(app)).toMatchObject({ status: 200, body: { redis: 'up' } });

      await redis.stop();
      await vi.waitFor(async () => expect((await ready(app)).status).toBe(503), { timeout: 10_000, interval: 100 });
      expect(String((await ready(app)).body.redis)).toMatch(/^down for \d+ ms$/);

      await redis.restart();
      await vi.waitFor(async () => expect(await ready(app)).toMatchObject({ status: 200, body: { redis: 'up' } }), { timeout: 10_000, interval: 100 });
    });
  });
});
