import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { createInstagraph } from '../src/server';

/**
 * The load check's gateway, forked by bench/load.ts so its resident memory is its own: an
 * instagraph configured from the environment (the parent points it at its replay upstream) on a
 * loopback port. Sends `{ type: 'ready', url }` once listening, answers `{ type: 'memory' }`
 * with its resident set and heap in use, and exits when told `{ type: 'stop' }` or when its parent goes away.
 */
export type FaultLoadServeMessage = { type: 'ready'; url: string } | { type: 'memory'; rss: number; heapUsed: number };
/** `collect` runs a full garbage collection first (the child is forked with --expose-gc), so two samples compare live memory. */
export type FaultLoadServeCommand = { type: 'memory'; collect?: boolean } | { type: 'stop' };

if (!process.send) throw new Error('bench/load-serve.ts runs as a forked child of bench/load.ts');
const send = (message: FaultLoadServeMessage): void => {
  process.send?.(message);
};

// Upstream trouble is the point of the run: one warn line per injected fault would drown the report.
const app = createInstagraph({ config: loadConfig(process.env), logger: false });
const server = createServer(app.yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close();
  process.disconnect?.();
}

process.on('message', (command: FaultLoadServeCommand) => {
  if (command.type === 'memory') {
    if (command.collect) (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed });
  } else {
    void stop();
  }
});
process.on('disconnect', () => void stop());
send({ type: 'ready', url: `http://127.0.0.1:${port}/graphql` });
