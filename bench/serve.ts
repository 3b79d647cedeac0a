import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { startReplayServer } from '../src/replay/server';
import { createInstagraph } from '../src/server';

/**
 * The throughput benchmark's server, run as a child process (forked with IPC) so the load
 * generator in the parent does not share its event loop: a replay upstream and instagraph over
 * it (default cache TTLs) on loopback ports. It sends `{ type: 'ready', url }` once listening,
 * answers `{ type: 'stats' }` with the replay upstream's call count, and exits when its parent
 * says `{ type: 'stop' }` or goes away.
 */
export type ServeMessage = { type: 'ready'; url: string } | { type: 'stats'; upstreamCalls: number };
export type ServeCommand = { type: 'stats' } | { type: 'stop' };

const KEYS = { hikerapiKey: 'bk-4f9c2e71a0d3b8e6', aisaKey: 'ak-7d1e0b93c5f2a846' };

if (!process.send) throw new Error('bench/serve.ts runs as a forked child of bench/bench.ts or bench/throughput-profile.ts');
const send = (message: ServeMessage): void => {
  process.send?.(message);
};

const replay = await startReplayServer({ ...KEYS, latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 150) });
const app = createInstagraph({
  config: loadConfig({
    HIKERAPI_KEY: KEYS.hikerapiKey,
    HIKERAPI_URL: replay.hikerapiUrl,
    AISA_API_KEY: KEYS.aisaKey,
    AISA_URL: replay.aisaUrl,
    PROVIDER_ORDER: 'hikerapi,aisa',
    // One completion line per request at info would measure the terminal, not the gateway.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  }),
});
const server = createServer(app.yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await Promise.all([app.close(), replay.close()]);
  process.disconnect?.();
}

process.on('message', (command: ServeCommand) => {
  if (command.type === 'stats') send({ type: 'stats', upstreamCalls: replay.stats.count() });
  else void stop();
});
process.on('disconnect', () => void stop());
send({ type: 'ready', url: `http://127.0.0.1:${port}/graphql` });
