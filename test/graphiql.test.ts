import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../src/replay/types';
import type { Instagraph } from '../src/server';
import { createApp, startReplay } from './helpers/instagraph';

let replay: ReplayServer;
let app: Instagraph;

beforeAll(async () => {
  replay = await startReplay();
  app = createApp(replay);
});

afterAll(async () => {
  await app.close();
  await replay.close();
});

describe('GraphiQL', () => {
  it('is served without a CDN and opens on the example nested query', async () => {
    const response = await app.yoga.fetch('http://instagraph.test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('unpkg.com');
    expect(html).toContain('src=/graphiql-assets/yoga-graphiql.umd.js');
    expect(html).toMatch(/"query":"# natgeo's first ten followers/);
    expect(replay.stats.count()).toBe(0);
  });

  it('serves the assets it references, and nothing outside them', async () => {
    const script = await app.yoga.fetch('http://instagraph.test/graphiql-assets/yoga-graphiql.umd.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.text()).length).toBeGreaterThan(100_000);
    const worker = await app.yoga.fetch('http://instagraph.test/graphiql-assets/monacoeditorwork/json.worker.bundle.js');
    expect(worker.status).toBe(200);
    for (const path of ['../package.json', '..%2Fpackage.json', '%2E%2E%2F%2E%2E%2Fpackage.json', 'nope.js']) {
      const response = await app.yoga.fetch(`http://instagraph.test/graphiql-assets/${path}`);
      expect(response.status, path).toBe(404);
    }
  });
});
