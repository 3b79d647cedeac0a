import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { createApp, execute, startReplay } from '../helpers/instagraph';
import { PATH, world } from '../helpers/world';

let replay: ReplayServer;
let app: Instagraph;

const LATENCY_MS = 50;
const CONCURRENCY = 5;

beforeAll(async () => {
  replay = await startReplay(LATENCY_MS);
  app = createApp(replay, { env: { PROVIDER_ORDER: 'hikerapi', HIKERAPI_CONCURRENCY: String(CONCURRENCY) } });
});

afterAll(async () => {
  await app.close();
  await replay.close();
});

describe('per-provider concurrency cap', () => {
  it('never has more than HIKERAPI_CONCURRENCY calls in flight upstream, and answers all 50 requests', async () => {
    const usernames = world.users
      .filter((user) => !user.is_private)
      .slice(0, 50)
      .map((user) => user.username);
    expect(new Set(usernames).size).toBe(50);
    replay.stats.reset();

    const started = performance.now();
    const answers = await Promise.all(usernames.map((username) => execute(app, `query { user(username: "${username}") { username } }`)));
    const elapsedMs = performance.now() - started;

    for (const [index, answer] of answers.entries()) {
      expect(answer.errors).toEqual([]);
      expect(answer.data).toEqual({ user: { username: usernames[index] } });
    }
    expect(replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.profile })).toBe(50);
    expect(replay.stats.count()).toBe(50);
    // The cap is reached (the calls really queued) but never exceeded.
    expect(replay.stats.maxInFlight).toBe(CONCURRENCY);
    // 50 calls of 50 ms through 5 slots take at least 10 rounds.
    expect(elapsedMs).toBeGreaterThanOrEqual((50 / CONCURRENCY) * LATENCY_MS - 10);
    expect(elapsedMs).toBeLessThan(5_000);
  });
});
