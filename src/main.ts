import { createServer, type Server } from 'node:http';
import { ClientRegistry, listenHost } from './clients';
import { ConfigError, configWarnings, isDemoMode, loadConfig, type Config } from './config';
import { startReplayServer } from './replay/server';
import type { ReplayServer } from './replay/types';
import { createHttpServer, markDraining } from './http-server';
import { createInstagraph, loggerFor, type Instagraph } from './server';

const DEMO_KEYS = { hikerapiKey: 'demo-hikerapi-key', aisaKey: 'demo-aisa-key' };

async function main(): Promise<void> {
  const configured = startOrExit(() => loadConfig());
  const clients = startOrExit(() => ClientRegistry.fromConfig(configured));
  const host = startOrExit(() => listenHost(configured, clients));
  const { config, replay } = await withDemoUpstream(configured);
  // The logger knows the configured secrets, not the demo mode's made-up keys.
  const app = startOrExit(() => createInstagraph({ config, clients, logger: loggerFor(configured), demo: replay !== undefined }));
  const log = app.telemetry.logger;
  for (const warning of configWarnings(configured)) log.warn(warning);

  const server = createHttpServer(app, config);
  const metricsServer = config.METRICS_PORT === undefined ? undefined : serveMetrics(app, config.METRICS_PORT, host);
  server.listen(config.PORT, host, () => {
    if (replay) {
      log.info({ replay: replay.url }, 'DEMO MODE (no HIKERAPI_KEY or AISA_API_KEY set): serving the fixture world from the replay upstream; try user(username: "natgeo"), "jane", "carsoncantcode" or "natgeoanimals"');
    } else {
      log.info({ providers: app.gateway.providers.map((provider) => provider.name) }, 'providers configured');
    }
    log.info({ host, port: config.PORT }, `GraphiQL at http://localhost:${config.PORT}/graphql`);
  });

  // SIGTERM: report not ready, stop accepting, let in-flight requests finish within the grace
  // period, then close whatever is left, the upstream pools and the replay upstream.
  const shutdown = (signal: string) => {
    log.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'draining');
    app.readiness.startDraining();
    markDraining(server);
    const forceClose = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_MS);
    metricsServer?.close();
    server.close(() => {
      clearTimeout(forceClose);
      void Promise.all([app.close(), replay?.close()]).then(() => {
        log.info('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** With neither provider key set, the replay upstream's fixture world, in-process, through both providers. */
async function withDemoUpstream(config: Config): Promise<{ config: Config; replay?: ReplayServer }> {
  if (!isDemoMode(config)) return { config };
  const replay = await startReplayServer({ ...DEMO_KEYS, latencyMs: config.DEMO_LATENCY_MS });
  return {
    replay,
    config: { ...config, HIKERAPI_KEY: DEMO_KEYS.hikerapiKey, HIKERAPI_URL: replay.hikerapiUrl, AISA_API_KEY: DEMO_KEYS.aisaKey, AISA_URL: replay.aisaUrl },
  };
}

/** /metrics on its own port, for a scraper on a private network. */
function serveMetrics(app: Instagraph, port: number, host: string): Server {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    void app.telemetry.metrics.registry.metrics().then((text) => {
      response.writeHead(200, { 'content-type': app.telemetry.metrics.registry.contentType }).end(text);
    });
  });
  return server.listen(port, host);
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
