import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { describeErrors, graphQLRequestInit, postGraphQL, type GraphQLRequestBody } from './graphql';
import type { ServeCommand, ServeMessage } from './serve';

export interface ThroughputResult {
  query: string;
  connections: number;
  /** Load before the measured `seconds`, not counted. */
  warmupSeconds: number;
  seconds: number;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Answers other than the warm answer's exact bytes. */
  mismatches: number;
  /** Replay upstream calls during the load: a warm query must make none. */
  upstreamCallsDuringLoad: number;
}

export interface ServeChild {
  url: string;
  upstreamCalls(): Promise<number>;
  stop(): Promise<void>;
}

const WARMUP_SECONDS = 2;
const SERVE_SCRIPT = new URL('./serve.ts', import.meta.url);

/**
 * Forks bench/serve.ts (through tsx) and waits until it listens on loopback. With `cpuProfileDir`
 * the child writes a V8 CPU profile there when it exits.
 */
export async function startServeChild(latencyMs: number, cpuProfileDir?: string): Promise<ServeChild> {
  const child = fork(SERVE_SCRIPT, [], {
    execArgv: ['--import', 'tsx', ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [])],
    env: { ...process.env, BENCH_LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench/serve.ts exited with ${code} before listening`));
    child.once('exit', onExit);
    child.on('message', (message: ServeMessage) => {
      if (message.type !== 'ready') return;
      child.off('exit', onExit);
      resolve(message.url);
    });
  });
  return {
    url,
    upstreamCalls: () =>
      new Promise<number>((resolve) => {
        const onMessage = (message: ServeMessage) => {
          if (message.type !== 'stats') return;
          child.off('message', onMessage);
          resolve(message.upstreamCalls);
        };
        child.on('message', onMessage);
        child.send({ type: 'stats' } satisfies ServeCommand);
      }),
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.send({ type: 'stop' } satisfies ServeCommand);
  // A child that does not close in time is killed: the benchmark must end by itself.
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

/**
 * Warms `body` once (so the cache holds every upstream answer it needs), then drives it with
 * autocannon at `connections` concurrent connections for `seconds` against the child server.
 */
export async function measureWarmThroughput(
  server: ServeChild,
  label: string,
  body: GraphQLRequestBody,
  { connections, seconds }: { connections: number; seconds: number },
): Promise<ThroughputResult> {
  const warmup = await postGraphQL(fetch, server.url, body);
  const errors = describeErrors(warmup);
  if (errors !== null) throw new Error(`throughput ${label}: the warm-up request failed: ${errors}`);

  // A warm answer is the same bytes every time (cost included), so autocannon can count any other answer as a mismatch.
  const expectedBody = await (await fetch(server.url, graphQLRequestInit(body))).text();

  const load = (duration: number) =>
    autocannon({ ...graphQLRequestInit(body), url: server.url, expectBody: expectedBody, connections, duration });
  // The server's JIT warms up under the same load first; only the steady state is measured.
  await load(WARMUP_SECONDS);

  const callsBefore = await server.upstreamCalls();
  const result = await load(seconds);
  const callsAfter = await server.upstreamCalls();

  return {
    query: label,
    warmupSeconds: WARMUP_SECONDS,
    connections,
    seconds,
    requests: result.requests.total,
    reqPerSec: round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    upstreamCallsDuringLoad: callsAfter - callsBefore,
  };
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
