import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pause } from '../helpers/instagraph';
import { freePort } from '../helpers/ports';
import { codesOf, world } from '../helpers/world';

const DEMO_LATENCY_MS = 300;
// Well above the drain these tests need: exceeding it would show up as a forced close.
const GRACE_MS = 8_000;
const TSX = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;

let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

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

describe('graceful shutdown', () => {
  it('finishes the in-flight query after SIGTERM, refuses new connections, and exits 0 within the grace period', async () => {
    const port = await freePort();
    const demo = startDemo(port);
    child = demo.process;
    await demo.listening;

    const queryStarted = performance.now();
    const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: SLOW_QUERY }),
    });
    await pause(DEMO_LATENCY_MS / 2);
    const signalled = performance.now();
    expect(demo.process.kill('SIGTERM')).toBe(true);
    await pause(100);

    // Draining: the listener is closed while the query is still being answered.
    expect(await connectionRefused(port)).toBe(true);
    expect(demo.process.exitCode).toBeNull();

    const response = await inFlight;
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
    const answeredMs = performance.now() - queryStarted;
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
    const followers = world.userList(String(world.userByUsername('natgeo')?.pk), 'followers').slice(0, 2);
    expect(body.data).toEqual({
      user: {
        followers: {
          nodes: followers.map((follower) => ({
            username: follower.username,
            reels: { nodes: codesOf(follower.username, 'reels', 1).map((code) => ({ code })) },
          })),
        },
      },
    });
    expect(answeredMs).toBeGreaterThanOrEqual(3 * DEMO_LATENCY_MS);

    const exitCode = await demo.exited;
    const exitedMs = performance.now() - signalled;
    expect(exitCode, demo.output()).toBe(0);
    expect(exitedMs).toBeLessThan(GRACE_MS);
    expect(demo.output()).toContain('"msg":"draining"');
    expect(demo.output()).toContain('"msg":"stopped"');
  });

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
