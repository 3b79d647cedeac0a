import { createServer } from 'node:http';
import { ConfigError, configWarnings, isDemoMode, loadConfig } from './config';
import { ClientRegistry, listenHost } from './clients';
import { startReplayServer } from './replay/server';
import type { ReplayServer } from './replay/types';
import { createInstagraph } from './server';

const DEMO_KEYS = { hikerapiKey: 'demo-hikerapi-key', aisaKey: 'demo-aisa-key' };

async function main(): Promise<void> {
  let config = startOrExit(() => loadConfig());

  for (const warning of configWarnings(config)) console.warn(`instagraph: warning: ${warning}`);

  let replay: ReplayServer | undefined;
  if (isDemoMode(config)) {
    // No keys: serve the replay upstream's fixture world, in-process, through both providers.
    replay = await startReplayServer({ ...DEMO_KEYS, latencyMs: config.DEMO_LATENCY_MS });
    config = {
      ...config,
      HIKERAPI_KEY: DEMO_KEYS.hikerapiKey,
      HIKERAPI_URL: replay.hikerapiUrl,
      AISA_API_KEY: DEMO_KEYS.aisaKey,
      AISA_URL: replay.aisaUrl,
    };
  }

  const clients = startOrExit(() => ClientRegistry.fromConfig(config));
  const host = startOrExit(() => listenHost(config, clients));
  const app = startOrExit(() => createInstagraph({ config, clients }));
  const server = createServer(app.yoga);
  let draining = false;
  // While draining, keep-alive connections close as soon as their answer is out, so the
  // process exits when the last in-flight request is done, not when clients let go.
  server.on('request', (_request, response) => {
    if (draining) response.setHeader('connection', 'close');
    response.once('finish', () => {
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  server.listen(config.PORT, host, () => {
    const where = `http://localhost:${config.PORT}/graphql`;
    if (replay) {
      console.log(`instagraph: DEMO MODE (no HIKERAPI_KEY or AISA_API_KEY set): serving the fixture world from the replay upstream at ${replay.url}`);
      console.log('instagraph: try user(username: "natgeo"), "jane", "carsoncantcode" or "natgeoanimals"');
    } else {
      console.log(`instagraph: providers ${app.gateway.providers.map((provider) => provider.name).join(', ')}`);
    }
    console.log(`instagraph: GraphiQL at ${where}`);
  });

  // SIGTERM: stop accepting, let in-flight requests finish within the grace period, then close
  // whatever is left, the upstream pools and the replay upstream.
  const shutdown = (signal: string) => {
    console.log(`instagraph: ${signal}: draining (up to ${config.SHUTDOWN_GRACE_MS} ms)`);
    draining = true;
    const forceClose = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(forceClose);
      void Promise.all([app.close(), replay?.close()]).then(() => {
        console.log('instagraph: stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** A configuration problem is one clear message and exit code 1, not a stack trace. */
function startOrExit<T>(start: () => T): T {
  try {
    return start();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

await main();
