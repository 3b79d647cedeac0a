import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pause } from './helpers';

const DEMO_LATENCY_MS = 300;
// Roomy: the drain also waits for the client's idle keep-alive connection (about 3 s for fetch).
const GRACE_MS = 8_000;
const TSX = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;

let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** Demo mode (no keys): main.ts serves the fixture world from an in-process replay upstream. */
function startDemo(port: number): { process: ChildProcess; output: () => string; listening: Promise<void>; exited: Promise<number | null> } {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_LATENCY_MS: String(DEMO_LATENCY_MS),
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
  };
  const started = spawn(TSX, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('GraphiQL at')) resolve();
    };
    started.stdout?.on('data', onData);
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.once('exit', (code) => reject(new Error(`instagraph exited (${code}) before listening:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
  return { process: started, output: () => output, listening, exited };
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

// Three sequential upstream rounds (profile, followers page, their reels) at 300 ms each.
const SLOW_QUERY = `query { user(username: "natgeo") { followers(first: 2) { nodes { username reels(first: 1) { nodes { code } } } } } }`;

describe('graceful shutdown with keep-alive clients', () => {
  it('exits soon after the last in-flight answer instead of waiting for idle keep-alive connections', async () => {
    const port = await freePort();
    const demo = startDemo(port);
    child = demo.process;
    await demo.listening;

    // A client that keeps its connection open, as load balancers and proxies do.
    const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    const answered = new Promise<number>((resolve, reject) => {
      const outgoing = request(
        { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify({ query: SLOW_QUERY }));
    });
    await pause(DEMO_LATENCY_MS / 2);
    demo.process.kill('SIGTERM');

    expect(await answered).toBe(200);
    const lastAnswer = performance.now();
    expect(await demo.exited).toBe(0);
    agent.destroy();
    expect(performance.now() - lastAnswer).toBeLessThan(1_000);
  });
});
