import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, RedisCacheStore } from '../../src/data/cache';
import { CostMeter } from '../../src/data/cost';
import { UpstreamGateway, type CacheTtls } from '../../src/data/gateway';
import { RequestCall } from '../../src/data/request-call';
import { SharedFlights } from '../../src/data/shared-flight';
import { GatewayError } from '../../src/domain/errors';
import { createHikerApiProvider } from '../../src/providers/hikerapi';
import type { ReplayServer } from '../../src/replay/types';
import { requestDeadline } from '../../src/upstream/deadline';
import { UpstreamTimeoutError } from '../../src/upstream/errors';
import { KEYS, startReplay } from '../helpers/instagraph';
import { redisServerAvailable, startRedis } from '../helpers/redis';

const TTLS: CacheTtls = { profile: 60_000, mediaList: 60_000, userList: 60_000, media: 60_000, location: 60_000, negative: 60_000 };
const PROFILE_PATH = '/v1/user/by/username';
const LOCK = 'instagraph:flight:lock:hikerapi:userByUsername:jane';
const CHANNEL = 'instagraph:flight:end:hikerapi:userByUsername:jane';

let replay: ReplayServer;
let redis: Awaited<ReturnType<typeof startRedis>>;
/** The test's own view of Redis: who holds a claim, who listens for its end. */
let observer: Redis;
const closing: (() => Promise<unknown>)[] = [];

/** Resolves once `condition` holds (checked every few milliseconds), so tests wait on states, not on time. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

const claimed = async () => (await observer.exists(LOCK)) === 1;
const waitedFor = async () => ((await observer.pubsub('NUMSUB', CHANNEL)) as [string, number])[1] >= 1;

/** One replica's flights: its own Redis connection, ready. */
async function flightsOn(url: string, lockMs = 3_000): Promise<{ flights: SharedFlights; connection: Redis }> {
  const connection = connectRedis(url);
  const flights = new SharedFlights(connection, { lockMs });
  closing.push(async () => {
    await flights.close();
    connection.disconnect();
  });
  await until(() => flights.connected);
  return { flights, connection };
}

/** One replica's gateway over the replay's HikerAPI, caching in the shared Redis; with `connected`, once its connections are up. */
async function replica(ttls: CacheTtls = TTLS, { connected = true } = {}) {
  const connection = connectRedis(redis.url);
  const flights = new SharedFlights(connection, { lockMs: 3_000 });
  const provider = createHikerApiProvider({ apiKey: KEYS.hikerapiKey, baseUrl: replay.hikerapiUrl });
  const gateway = new UpstreamGateway({ providers: [provider], cache: new RedisCacheStore(connection), ttls, flights });
  closing.push(() => gateway.close());
  if (connected) await until(() => flights.connected);
  return {
    lookup(username: string, call = new RequestCall(new CostMeter(10))) {
      return gateway.call(call, provider, 'userByUsername', username, (p, c) => p.userByUsername(username, c));
    },
  };
}

const deadline = (ms: number) => () => requestDeadline(ms);

/** A promise settled from outside, and a flag saying whether its work has started. */
function held<T>() {
  let settle!: { resolve(value: T): void; reject(error: unknown): void };
  const state = { started: false };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { state, settle, lead: () => ((state.started = true), promise) };
}

describe.runIf(redisServerAvailable())('coalescing across replicas (SharedFlights over Redis)', () => {
  beforeAll(async () => {
    [replay, redis] = await Promise.all([startReplay(), startRedis()]);
    observer = new Redis(redis.url);
  });

  afterEach(async () => {
    await Promise.all(closing.splice(0).map((close) => close()));
    await observer.flushall();
    replay.clearFaults();
    replay.stats.reset();
  });

  afterAll(async () => {
    observer.disconnect();
    await Promise.all([replay.close(), redis.stop()]);
  });

  it('makes one upstream call for a call two replicas miss at once; the waiter answers from the cache', async () => {
    const [first, second] = await Promise.all([replica(), replica()]);
    replay.addFault({ path: PROFILE_PATH, delayMs: 1_000, times: 1 });
    const leading = first.lookup('jane');
    await until(claimed);
    const waiterMeter = new CostMeter(10);
    const waiting = second.lookup('jane', new RequestCall(waiterMeter));
    await until(waitedFor);

    const [led, waited] = await Promise.all([leading, waiting]);
    expect(waited).toEqual(led);
    expect(led).toMatchObject({ username: 'jane', fullName: 'Jane Williamson' });
    expect(replay.stats.count({ path: PROFILE_PATH })).toBe(1);
    expect(waiterMeter.cacheHits).toBe(1);
    expect(await claimed()).toBe(false);
  });

  it('lets the first requests of replicas just started wait for their Redis connections rather than call alone', async () => {
    const [first, second] = await Promise.all([replica(TTLS, { connected: false }), replica(TTLS, { connected: false })]);
    replay.addFault({ path: PROFILE_PATH, delayMs: 300, times: 1 });
    const [one, other] = await Promise.all([first.lookup('jane'), second.lookup('jane')]);
    expect(other).toEqual(one);
    expect(replay.stats.count({ path: PROFILE_PATH })).toBe(1);
  });

  it.each([
    ['remembered in the cache', TTLS],
    ['passed on with the end of the call (negative TTL 0)', { ...TTLS, negative: 0 }],
  ])('shares a NOT_FOUND answer: %s', async (_how, ttls) => {
    const [first, second] = await Promise.all([replica(ttls), replica(ttls)]);
    replay.addFault({ path: PROFILE_PATH, delayMs: 1_000, times: 1 });
    const missing = 'no.such.user.here';
    const leading = first.lookup(missing).catch((error: unknown) => error);
    await until(async () => (await observer.exists(`instagraph:flight:lock:hikerapi:userByUsername:${missing}`)) === 1);
    const waiting = second.lookup(missing).catch((error: unknown) => error);
    await until(async () => ((await observer.pubsub('NUMSUB', `instagraph:flight:end:hikerapi:userByUsername:${missing}`)) as [string, number])[1] >= 1);

    const [led, waited] = await Promise.all([leading, waiting]);
    expect(led).toMatchObject({ code: 'NOT_FOUND', provider: 'hikerapi' });
    expect(waited).toMatchObject({ code: 'NOT_FOUND', provider: 'hikerapi', endpoint: (led as { endpoint: string }).endpoint });
    expect(replay.stats.count({ path: PROFILE_PATH })).toBe(1);
  });

  it("does not pass the holder's deadline on: the waiter calls upstream itself within its own", async () => {
    const [first, second] = await Promise.all([replica(), replica()]);
    replay.addFault({ path: PROFILE_PATH, delayMs: 1_500, times: 1 });
    const leading = first.lookup('jane', new RequestCall(new CostMeter(10), deadline(600))).catch((error: unknown) => error);
    await until(claimed);
    const waiting = second.lookup('jane', new RequestCall(new CostMeter(10), deadline(15_000)));
    await until(waitedFor);

    expect(await leading).toBeInstanceOf(UpstreamTimeoutError);
    expect(await waiting).toMatchObject({ username: 'jane', fullName: 'Jane Williamson' });
    // The holder's call (cut at its deadline) and the waiter's own.
    expect(replay.stats.calls.filter((call) => call.path === PROFILE_PATH && call.status === 200)).toHaveLength(1);
  });

  it("tells waiters to call upstream themselves when the holder's request ran out of budget", async () => {
    const [first, second] = await Promise.all([flightsOn(redis.url), flightsOn(redis.url)]);
    const holder = held<string>();
    const leading = first.flights.join('hikerapi:userByUsername:jane', undefined, holder.lead).catch((error: unknown) => error);
    await until(() => holder.state.started);
    const waiting = second.flights.join('hikerapi:userByUsername:jane', undefined, async () => 'led by the waiter');
    await until(waitedFor);

    holder.settle.reject(new GatewayError('QUERY_TOO_EXPENSIVE', 'over budget'));
    expect(await leading).toBeInstanceOf(GatewayError);
    expect(await waiting).toEqual({ kind: 'alone' });
  });

  it('lets a waiter take over when the holder dies: its claim expires unrenewed', async () => {
    const [first, second] = await Promise.all([flightsOn(redis.url, 300), flightsOn(redis.url, 300)]);
    const holder = held<string>();
    const abandoned = first.flights.join('hikerapi:userByUsername:jane', undefined, holder.lead).catch((error: unknown) => error);
    await until(() => holder.state.started);
    const waiting = second.flights.join('hikerapi:userByUsername:jane', undefined, async () => 'led by the waiter');
    await until(waitedFor);

    // The holder's process is gone: no renewal, no end of call.
    first.connection.disconnect();
    expect(await waiting).toEqual({ kind: 'led', value: 'led by the waiter' });
    holder.settle.resolve('too late');
    await abandoned;
  });

  it('keeps a live holder its claim for longer than the lock lasts, and waiters wait for it', async () => {
    const [first, second] = await Promise.all([flightsOn(redis.url, 300), flightsOn(redis.url, 300)]);
    const holder = held<string>();
    const leading = first.flights.join('hikerapi:userByUsername:jane', undefined, holder.lead);
    await until(() => holder.state.started);
    const waiting = second.flights.join('hikerapi:userByUsername:jane', undefined, async () => 'led by the waiter');
    await until(waitedFor);
    // Three lock lifetimes go by (read from Redis's own key expiry) with the holder still renewing.
    const renewals = await countRenewals(3);
    expect(renewals).toBeGreaterThanOrEqual(3);

    holder.settle.resolve('led by the holder');
    expect(await leading).toEqual({ kind: 'led', value: 'led by the holder' });
    expect(await waiting).toEqual({ kind: 'stored' });
  });

  it('stops waiting at its own deadline', async () => {
    const [first, second] = await Promise.all([flightsOn(redis.url), flightsOn(redis.url)]);
    const holder = held<string>();
    const leading = first.flights.join('hikerapi:userByUsername:jane', undefined, holder.lead);
    await until(() => holder.state.started);
    const own = new AbortController();
    const waiting = second.flights.join('hikerapi:userByUsername:jane', own.signal, async () => 'led by the waiter');
    await until(waitedFor);

    own.abort();
    expect(await waiting).toEqual({ kind: 'alone' });
    expect(await claimed()).toBe(true);
    holder.settle.resolve('done');
    await leading;
  });

  it('calls upstream alone, without errors, when Redis is down', async () => {
    const stopped = await startRedis();
    const connection = connectRedis(stopped.url);
    const flights = new SharedFlights(connection, { lockMs: 3_000 });
    await until(() => flights.connected);
    await stopped.stop();
    await until(() => !flights.connected);
    const provider = createHikerApiProvider({ apiKey: KEYS.hikerapiKey, baseUrl: replay.hikerapiUrl });
    const gateway = new UpstreamGateway({ providers: [provider], cache: new RedisCacheStore(connection), ttls: TTLS, flights });
    closing.push(() => gateway.close());
    const lookups = [1, 2].map(() =>
      gateway.call(new RequestCall(new CostMeter(10)), provider, 'userByUsername', 'jane', (p, c) => p.userByUsername('jane', c)),
    );
    for (const value of await Promise.all(lookups)) expect(value).toMatchObject({ username: 'jane' });
    // The two requests still share one call in this process.
    expect(replay.stats.count({ path: PROFILE_PATH })).toBe(1);
  });
});

/** Watches the claim's expiry (PTTL) go up `times` times: each rise is one renewal by its holder. */
async function countRenewals(times: number): Promise<number> {
  let renewals = 0;
  let last = await observer.pttl(LOCK);
  while (renewals < times) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = await observer.pttl(LOCK);
    if (now < 0) break;
    if (now > last) renewals += 1;
    last = now;
  }
  return renewals;
}
