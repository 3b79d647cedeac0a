import { describe, expect, it } from 'vitest';
import { errorAt, execute, useReplay } from '../helpers/instagraph';
import { PATH } from '../helpers/world';

const DEADLINE_MS = 400;

const upstream = useReplay({ env: { REQUEST_TIMEOUT_MS: String(DEADLINE_MS) } });
const app = upstream.app;

const TWO_USERS = `query {
  natgeo: user(username: "natgeo") { username }
  jane: user(username: "jane") { username followerCount }
}`;

describe('an upstream that hangs past the request deadline', () => {
  it('nulls the hung field with UPSTREAM_TIMEOUT at the deadline while its sibling resolves', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, params: { username: 'natgeo' }, hang: true });
    const answer = await execute(app({ PROVIDER_ORDER: 'hikerapi' }), TWO_USERS);

    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ natgeo: null, jane: { username: 'jane', followerCount: expect.any(Number) } });
    expect(answer.errors).toHaveLength(1);
    expect(errorAt(answer.errors, ['natgeo']).extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'hikerapi' });
    // The hung exchange is cut by the deadline, and there is no time left for a retry.
    expect(upstream.replay.stats.count({ path: PATH.hikerapi.profile })).toBe(2);
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(DEADLINE_MS - 10);
    // Cut by our deadline, not by undici's own 30 s headers timeout.
    expect(answer.elapsedMs).toBeLessThan(5_000);
  });

  it('spends no failover call once the deadline has passed', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, params: { username: 'natgeo' }, hang: true });
    const answer = await execute(app({ PROVIDER_ORDER: 'hikerapi,aisa' }), TWO_USERS);

    expect(answer.data).toMatchObject({ natgeo: null, jane: { username: 'jane' } });
    expect(errorAt(answer.errors, ['natgeo']).extensions?.code).toBe('UPSTREAM_TIMEOUT');
    expect(upstream.replay.stats.count({ provider: 'aisa' })).toBe(0);
  });
});
