import { afterAll, beforeAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './ports';

/**
 * Whether the Redis tests can run here. CI installs redis-server and must run them; on a
 * developer machine without it they are skipped with a note rather than failing.
 */
export function redisServerAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.CI !== 'true') {
    console.warn('redis-server not found: skipping the Redis tests (apt-get install redis-server to run them)');
    return false;
  }
  return true;
}

/** A throwaway redis-server on a free loopback port, with no persistence. */
export async function startRedis(port?: number): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  port ??= await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  await waitForRedis(url);
  return {
    url,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

async function waitForRedis(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch {
      client.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`redis-server did not start at ${url}`);
}

export interface RedisFixture {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Start it again on the same port, as after an outage. */
  restart(): Promise<void>;
}

/** A redis-server for the enclosing describe block: started before its tests, stopped after. */
export function useRedis(): RedisFixture {
  let server: Awaited<ReturnType<typeof startRedis>> | undefined;
  const current = () => {
    if (!server) throw new Error('useRedis: the server starts in beforeAll');
    return server;
  };
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    stop: () => current().stop(),
    restart: async () => {
      server = await startRedis(current().port);
    },
  };
}
