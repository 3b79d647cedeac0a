import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { startReplayServer } from '../../src/replay/server';
import type { ReplayServer } from '../../src/replay/types';
import { createInstagraph, type Instagraph } from '../../src/server';

const DEMO_KEYS = { hikerapiKey: 'demo-hikerapi-key', aisaKey: 'demo-aisa-key' };

export interface DemoServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:41234/graphql */
  readonly url: string;
  /** The replay upstream behind it: its counters say what the clients' queries cost. */
  readonly replay: ReplayServer;
  readonly app: Instagraph;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** Latency the replay upstream adds to each call. */
  latencyMs?: number;
  /** More configuration, as environment variables (e.g. cache TTLs). */
  env?: Record<string, string>;
  port?: number;
  logErrors?: boolean;
}

/**
 * instagraph over the replay upstream, mounted on node:http at a loopback port, as `npm start`
 * serves it in demo mode: what the dashboard, the client-library tests and bench:defer talk to.
 */
export async function startDemoServer({ latencyMs = 0, env = {}, port = 0, logErrors = false }: DemoServerOptions = {}): Promise<DemoServer> {
  const replay = await startReplayServer({ ...DEMO_KEYS, latencyMs });
  const config = loadConfig({
    HIKERAPI_KEY: DEMO_KEYS.hikerapiKey,
    HIKERAPI_URL: replay.hikerapiUrl,
    AISA_API_KEY: DEMO_KEYS.aisaKey,
    AISA_URL: replay.aisaUrl,
    ...env,
  });
  const app = createInstagraph({ config, logger: logErrors ? undefined : false });
  const server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/graphql`,
    replay,
    app,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await Promise.all([app.close(), replay.close()]);
    },
  };
}
