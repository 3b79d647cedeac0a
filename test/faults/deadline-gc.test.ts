import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { createApp, errorAt, execute, startReplay } from '../helpers/instagraph';
import { PATH } from '../helpers/world';

// A full collection on demand, without starting the worker with --expose-gc.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let replay: ReplayServer;
let app: Instagraph;

beforeAll(async () => {
  replay = await startReplay();
  app = createApp(replay, { env: { PROVIDER_ORDER: 'hikerapi', REQUEST_TIMEOUT_MS: '400' } });
});

afterAll(async () => {
  await app.close();
  await replay.close();
});

describe('the request deadline under garbage collection', () => {
  it('still cuts a hung upstream call at REQUEST_TIMEOUT_MS when a GC runs meanwhile', async () => {
    replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, hang: true });
    const collector = setInterval(collectGarbage, 50);
    try {
      const answer = await execute(app, `query { user(username: "natgeo") { username } }`);
      expect(errorAt(answer.errors, ['user']).extensions?.code).toBe('UPSTREAM_TIMEOUT');
      // Cut by our deadline, not by undici's own 30 s headers timeout.
      expect(answer.elapsedMs).toBeLessThan(5_000);
    } finally {
      clearInterval(collector);
    }
  });
});
