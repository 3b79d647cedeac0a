import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCacheStore, type CacheStore } from '../../src/data/cache';
import { RequestCall } from '../../src/data/request-call';
import { CostMeter } from '../../src/data/cost';
import { UpstreamGateway } from '../../src/data/gateway';
import { createHikerApiProvider } from '../../src/providers/hikerapi';
import type { ReplayServer } from '../../src/replay/types';
import { KEYS, startReplay } from '../helpers/instagraph';

/** A cache whose writes take a while to land, as a Redis round trip does. */
class SlowWritingCache implements CacheStore {
  readonly kind = 'memory';
  private readonly store = new MemoryCacheStore({ maxEntries: 100, maxBytes: 1_000_000 });
  get(key: string) {
    return this.store.get(key);
  }
  async set(key: string, value: unknown, ttlMs: number) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    await this.store.set(key, value, ttlMs);
  }
  close() {
    return this.store.close();
  }
}

const TTLS = { profile: 60_000, mediaList: 60_000, userList: 60_000, media: 60_000, location: 60_000, negative: 60_000 };

let replay: ReplayServer;

beforeAll(async () => {
  replay = await startReplay();
});

afterAll(async () => {
  await replay.close();
});

describe('UpstreamGateway', () => {
  it('keeps a finished call joinable until its result has reached the cache', async () => {
    const provider = createHikerApiProvider({ apiKey: KEYS.hikerapiKey, baseUrl: replay.hikerapiUrl });
    const gateway = new UpstreamGateway({ providers: [provider], cache: new SlowWritingCache(), ttls: TTLS });
    try {
      const lookup = (meter: CostMeter) =>
        gateway.call(new RequestCall(meter), provider, 'userByUsername', 'jane', (p, call) => p.userByUsername('jane', call));
      const first = await lookup(new CostMeter(10));
      // The write is still on its way: a second request must not miss both and call again.
      const secondMeter = new CostMeter(10);
      const second = await lookup(secondMeter);
      expect(second).toEqual(first);
      expect(secondMeter.cacheHits).toBe(1);
      expect(replay.stats.count({ path: '/v1/user/by/username' })).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const third = new CostMeter(10);
      await lookup(third);
      expect(third.cacheHits).toBe(1);
      expect(replay.stats.count({ path: '/v1/user/by/username' })).toBe(1);
    } finally {
      await gateway.close();
    }
  });
});
