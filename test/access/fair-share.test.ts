import { describe, expect, it } from 'vitest';
import { execute, useReplay } from '../helpers/instagraph';
import { redisServerAvailable, useRedis } from '../helpers/redis';
import { PATH } from '../helpers/world';

const FLOOD_KEY = 'flood-client-KEY-0123456789abcdef';
const CALM_KEY = 'calm-client-KEY-fedcba9876543210';

/** `count` aliased profile lookups of made-up accounts: each is its own upstream call (a billed 404). */
function lookups(prefix: string, count: number): string {
  return `query { ${Array.from({ length: count }, (_, index) => `u${index}: user(username: "${prefix}.${index}") { pk }`).join(' ')} }`;
}

/** The most calls that started within any `windowMs`, from the replay's log. */
function busiestWindow(starts: readonly number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('a fair share of upstream capacity', () => {
  const upstream = useReplay();

  it("serves another client's calls round-robin with a flooding client's: B's 12 lookups go out among the first of A's queue", async () => {
    const app = upstream.app({ API_KEYS: `flood:${FLOOD_KEY},calm:${CALM_KEY}`, PROVIDER_ORDER: 'hikerapi', HIKERAPI_RPS: '15' });
    upstream.replay.setLatency(300);
    const stopFlood = new AbortController();
    const flood = Array.from({ length: 20 }, (_, request) =>
      Promise.resolve(
        app.yoga.fetch('http://instagraph.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${FLOOD_KEY}` },
          body: JSON.stringify({ query: lookups(`flood${request}`, 30) }),
          signal: stopFlood.signal,
        }),
      )
        .then((response) => response.text())
        .catch(() => 'aborted'),
    );
    // The flood has filled the queue: its calls are going out at the provider's rate.
    await waitFor(() => upstream.replay.stats.count() >= 5);
    const calmStarted = upstream.replay.stats.count();
    const started = performance.now();
    const calm = await Promise.all(
      ['natgeo', 'jane', 'coralcam', 'natgeoanimals', 'carsoncantcode', 'quiet.observer', 'natgeotv', 'disney', 'wild.lens.ana', 'trailrunner.kai', 'mira.underwater', 'jamescameronofficial'].map(
        (username) => execute(app, `{ user(username: "${username}") { username } }`, {}, { authorization: `Bearer ${CALM_KEY}` }),
      ),
    );
    const calmMs = performance.now() - started;
    stopFlood.abort();
    await Promise.all(flood);

    for (const answer of calm) expect(answer.errors).toEqual([]);
    // Round-robin: B's calls alternate with A's, so all 12 start within about 24 calls of B's arrival,
    // not behind the 600 A had queued.
    const calmCalls = upstream.replay.stats.calls
      .map((call, index) => ({ index, flood: String(call.params.username).startsWith('flood') }))
      .filter((call) => !call.flood);
    expect(calmCalls).toHaveLength(12);
    expect(Math.max(...calmCalls.map((call) => call.index)) - calmStarted).toBeLessThanOrEqual(30);
    expect(upstream.replay.stats.count()).toBeLessThan(200);
    console.info(`fair share: client B's 12 lookups answered in ${Math.round(calmMs)} ms during client A's flood`);
  }, 60_000);

  describe.runIf(redisServerAvailable())('rate limits shared by replicas', () => {
    const redis = useRedis();

    it('never starts more than HIKERAPI_RPS (+1) calls in any sliding second across two replicas', async () => {
      const env = { REDIS_URL: redis.url, PROVIDER_ORDER: 'hikerapi', HIKERAPI_RPS: '5' };
      const apps = [upstream.app(env), upstream.app(env)];
      await Promise.all(apps.map((app) => app.connected()));
      await Promise.all(apps.map((app, replica) => execute(app, lookups(`replica${replica}`, 20))));
      const starts = upstream.replay.stats.calls.filter((call) => call.path === PATH.hikerapi.profile).map((call) => call.at);
      expect(starts).toHaveLength(40);
      expect(busiestWindow(starts, 1_000)).toBeLessThanOrEqual(6);
    }, 60_000);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
