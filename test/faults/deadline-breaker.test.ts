import { describe, expect, it } from 'vitest';
import { execute, useReplay } from '../helpers/instagraph';
import { PATH, world } from '../helpers/world';

const DEADLINE_MS = 1_500;

/** The vendors' real rates and caps, a short deadline, and the default breaker (5 failures, 10 s). */
const upstream = useReplay({ env: { HIKERAPI_RPS: '15', AISA_RPM: '600', REQUEST_TIMEOUT_MS: String(DEADLINE_MS) } });

const AFTERWARDS = ['natgeo', 'jane'];

/** Requests of up to 30 aliased profiles each, every username but AFTERWARDS asked once. */
function aliasBursts(requests: number): string[] {
  const usernames = world.users.map((user) => user.username).filter((username) => !AFTERWARDS.includes(username));
  return Array.from({ length: requests }, (_, request) => {
    const fields = usernames.slice(request * 30, request * 30 + 30).map((username, i) => `u${i}: user(username: "${username}") { username }`);
    return `query { ${fields.join('\n')} }`;
  });
}

describe('calls cut by our own request deadline', () => {
  it('never open a circuit: after a burst the slow upstream could not finish, both providers still answer', async () => {
    const app = upstream.app();
    upstream.replay.setLatency(500);
    const answers = await Promise.all(aliasBursts(12).map((query) => execute(app, query)));
    // The burst really ran out of time: many fields were cut short.
    const cut = answers.flatMap((answer) => answer.errors).filter((error) => error.extensions?.code === 'UPSTREAM_TIMEOUT');
    expect(cut.length).toBeGreaterThan(50);

    // Calls of the burst still on the wire may answer later: only the new ones are read.
    upstream.replay.setLatency(0);
    const callsFor = (username: string) =>
      upstream.replay.stats.calls.filter((call) => Object.values(call.params).includes(username)).map(({ provider, status }) => ({ provider, status }));
    const natgeo = await execute(app, `query { user(username: "natgeo") { username } }`);
    expect(natgeo.data).toEqual({ user: { username: 'natgeo' } });
    expect(callsFor('natgeo')).toEqual([{ provider: 'hikerapi', status: 200 }]);

    // HikerAPI failing now sends the next profile to AIsa, whose circuit is closed as well.
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, status: 503 });
    const jane = await execute(app, `query { user(username: "jane") { username } }`);
    expect(jane.errors).toEqual([]);
    expect(jane.data).toEqual({ user: { username: 'jane' } });
    expect(callsFor('jane')).toEqual([
      ...Array.from({ length: 3 }, () => ({ provider: 'hikerapi', status: 503 })),
      { provider: 'aisa', status: 200 },
    ]);
  });
});
