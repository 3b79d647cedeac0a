import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { createApp, errorAt, execute, startReplay } from '../helpers/instagraph';
import { PATH } from '../helpers/world';

let replay: ReplayServer;
let app: Instagraph;

beforeAll(async () => {
  replay = await startReplay();
  app = createApp(replay, { env: { PROVIDER_ORDER: 'hikerapi,aisa', REQUEST_TIMEOUT_MS: '400' } });
});

afterAll(async () => {
  await app.close();
  await replay.close();
});

describe('a timeout after the deadline names the provider that hung', () => {
  it('reports HikerAPI, not the AIsa failover that was never called', async () => {
    replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, hang: true });
    const answer = await execute(app, `query { user(username: "natgeo") { username } }`);
    const error = errorAt(answer.errors, ['user']);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'hikerapi' });
    expect(error.message).toBe('HikerAPI did not answer in time: retry later');
    expect(replay.stats.count({ provider: 'aisa' })).toBe(0);
  });
});
