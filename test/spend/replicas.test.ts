import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/types';
import { KEYS, startReplay } from '../helpers/instagraph';
import { redisServerAvailable, startRedis } from '../helpers/redis';
import { buildDist, mostInAnyWindow, postGraphQL, startProductionServer } from '../helpers/replicas';
import type { ServerProcess } from '../helpers/server-process';

/**
 * Three replicas as real processes (`node dist/main.js`, real-provider configuration pointed at one
 * replay upstream) sharing one redis-server: they act as one on upstream calls, rates and the cache.
 */

const FOLLOWERS_REELS = readFileSync(new URL('../../examples/followers-reels.graphql', import.meta.url), 'utf8');
const FLOOR = 12;
const HIKERAPI_RPS = 5;
const ENV = { HIKERAPI_RPS: String(HIKERAPI_RPS), COALESCE_LOCK_MS: '1000', REQUEST_TIMEOUT_MS: '8000' };
/**
 * The replay upstream sees a call after the replica's event loop and the loopback got it there: this
 * much of that jitter is allowed. Limiters that were not shared would put six calls in ~400 ms.
 */
const ARRIVAL_JITTER_MS = 100;

let replay: ReplayServer;
let redis: Awaited<ReturnType<typeof startRedis>>;
let observer: Redis;
let replicas: ServerProcess[] = [];

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe.runIf(redisServerAvailable())('three replicas (processes) on one Redis', () => {
  beforeAll(async () => {
    buildDist();
    [replay, redis] = await Promise.all([startReplay(50), startRedis()]);
    observer = new Redis(redis.url);
    replicas = await Promise.all([1, 2, 3].map(() => startProductionServer(replay, KEYS, { ...ENV, REDIS_URL: redis.url })));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    observer?.disconnect();
    await Promise.all([replay?.close(), redis?.stop()]);
  });

  it('answers the followers-reels query sent to all three at once with its floor of 12 calls in total, within HIKERAPI_RPS across them; then with 0 on each', async () => {
    const cold = await Promise.all(replicas.map((replica) => postGraphQL(replica.origin, FOLLOWERS_REELS)));
    for (const answer of cold) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(cold[0]?.data);
    }
    expect(replay.stats.count()).toBe(FLOOR);
    expect(cold.reduce((sum, answer) => sum + (answer.extensions?.cost?.upstreamCalls ?? NaN), 0)).toBe(FLOOR);
    // Sent to all three, so each replica spent some of them or waited for another's.
    expect(cold.every((answer) => (answer.extensions?.cost?.cacheHits ?? 0) + (answer.extensions?.cost?.upstreamCalls ?? 0) >= FLOOR)).toBe(true);

    const starts = replay.stats.calls.filter((call) => call.provider === 'hikerapi').map((call) => call.at);
    expect(mostInAnyWindow(starts, 1_000 - ARRIVAL_JITTER_MS)).toBeLessThanOrEqual(HIKERAPI_RPS);

    for (const replica of replicas) {
      const warm = await postGraphQL(replica.origin, FOLLOWERS_REELS);
      expect(warm.data).toEqual(cold[0]?.data);
      expect(warm.extensions?.cost).toMatchObject({ upstreamCalls: 0, cacheHits: FLOOR });
    }
    expect(replay.stats.count()).toBe(FLOOR);
  }, 30_000);

  it('does not stall the others when the replica making a call is killed mid-call: one of them makes it', async () => {
    replay.stats.reset();
    replay.setLatency(1_500);
    const query = '{ user(username: "carsoncantcode") { username fullName } }';
    const [holder, ...others] = replicas as [ServerProcess, ServerProcess, ServerProcess];
    const lost = postGraphQL(holder.origin, query).catch((error: unknown) => error);
    await until(async () => (await observer.exists('instagraph:flight:lock:hikerapi:userByUsername:carsoncantcode')) === 1);
    const answers = Promise.all(others.map((replica) => postGraphQL(replica.origin, query)));
    await until(async () => ((await observer.pubsub('NUMSUB', 'instagraph:flight:end:hikerapi:userByUsername:carsoncantcode')) as [string, number])[1] === 2);

    await holder.kill();
    for (const answer of await answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ user: { username: 'carsoncantcode', fullName: expect.any(String) } });
    }
    expect(await lost).toBeInstanceOf(Error);
    // The killed replica's call was never answered; the two others shared one.
    expect(replay.stats.count({ path: '/v1/user/by/username' })).toBe(1);
  }, 30_000);
});
