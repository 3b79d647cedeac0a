import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startReplayServer } from '../src/replay/server';
import type { ReplayServer } from '../src/replay/types';
import { loadWorld } from '../src/replay/world';
import { redisServerAvailable, startRedis } from '../test/helpers/redis';
import { buildDist, startProductionServer } from '../test/helpers/replicas';
import type { ServerProcess } from '../test/helpers/server-process';
import { describeErrors, postGraphQL, type GraphQLRequestBody, type GraphQLResponseBody } from './graphql';
import { benchQueries, type BenchQuery } from './queries';
import { measureWarmThroughput, round } from './throughput';

/**
 * The production process in the benchmark: `node dist/main.js` (built first), real-provider
 * configuration pointed at the benchmark's replay upstream.
 * - replicas: three of them on one redis-server, the same cold query sent to all three at once:
 *   upstream calls in total vs the query's floor, then warm calls.
 * - footprint: one of them alone: time from spawn to ready, resident memory idle after start and
 *   after a short load run, and the processes it runs (no npm, no tsx wrapper).
 * `npm run bench:production` runs these two rows alone; `npm run bench` runs them after the others.
 */

export const PRODUCTION_TARGETS = { idleResidentMb: 120, readyMs: 1_000 } as const;

const KEYS = { hikerapiKey: 'bk-4f9c2e71a0d3b8e6', aisaKey: 'ak-7d1e0b93c5f2a846' };
const REPLICAS = 3;

export interface ReplicasResult {
  replicas: number;
  query: string;
  floor: number;
  /** The replay upstream's own count, all replicas together. */
  coldCalls: number;
  /** The sum of extensions.cost.upstreamCalls over the replicas' answers. */
  coldCallsReported: number;
  coldMs: number;
  boundMs: number;
  /** The same query once more on each replica. */
  warmCalls: number;
  problems: string[];
}

export interface FootprintResult {
  /** `/ready` once it exists; before that, `/health` (the process serving at all). */
  readyPath: string;
  readyMs: number;
  idleResidentMb: number;
  afterLoadResidentMb: number;
  loadRequests: number;
  loadSeconds: number;
  /** Processes under the server's own: npm or tsx would show up here or as its parent. */
  childProcesses: number;
  command: string;
}

/** The same cold query at once on three replicas sharing one Redis; undefined (with a note) without redis-server. */
export async function measureReplicas(replay: ReplayServer, query: BenchQuery, latencyMs: number, limits: Record<string, string>): Promise<ReplicasResult | undefined> {
  if (!redisServerAvailable()) return undefined;
  buildDist();
  const redis = await startRedis();
  let replicas: ServerProcess[] = [];
  try {
    replicas = await Promise.all(Array.from({ length: REPLICAS }, () => startProductionServer(replay, KEYS, { ...limits, REDIS_URL: redis.url })));
    const body = firstRequest(query);
    replay.stats.reset();
    const started = performance.now();
    const cold = await Promise.all(replicas.map((replica) => postGraphQL(fetch, `${replica.origin}/graphql`, body)));
    const coldMs = performance.now() - started;
    const coldCalls = replay.stats.count();
    const warm = [];
    for (const replica of replicas) warm.push(await postGraphQL(fetch, `${replica.origin}/graphql`, body));
    return {
      replicas: REPLICAS,
      query: query.id,
      floor: query.floor,
      coldCalls,
      coldCallsReported: cold.reduce((sum, answer) => sum + (answer.extensions?.cost?.upstreamCalls ?? Number.NaN), 0),
      coldMs: round(coldMs, 1),
      boundMs: latencyMs * query.rounds,
      warmCalls: replay.stats.count() - coldCalls,
      problems: [...cold, ...warm].map(describeErrors).filter((problem): problem is string => problem !== null),
    };
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await redis.stop();
  }
}

/** One production process: start to ready, memory idle and after `loadSeconds` of warm load per query. */
export async function measureFootprint(replay: ReplayServer, queries: BenchQuery[], loadSeconds: number): Promise<FootprintResult> {
  buildDist();
  // 404: this build has no /ready yet, and the process answering at all is what /health says.
  const server = await startProductionServer(replay, KEYS, {}, { readyPath: '/ready', ready: (status) => status === 200 || status === 404 });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idleResidentMb = server.residentMb();
    let loadRequests = 0;
    const child = { url: `${server.origin}/graphql`, upstreamCalls: async () => replay.stats.count(), stop: async () => undefined };
    for (const query of queries) {
      const result = await measureWarmThroughput(child, query.id, firstRequest(query), { connections: 50, seconds: loadSeconds });
      loadRequests += result.requests;
    }
    return {
      readyPath: server.readyStatus === 200 ? '/ready' : '/health',
      readyMs: round(server.startedInMs, 0),
      idleResidentMb: round(idleResidentMb, 1),
      afterLoadResidentMb: round(server.residentMb(), 1),
      loadRequests,
      loadSeconds: loadSeconds * queries.length,
      childProcesses: childProcesses(server.pid),
      command: commandLine(server.pid),
    };
  } finally {
    await server.stop();
  }
}

function firstRequest(query: BenchQuery): GraphQLRequestBody {
  const request = query.requests[0]?.(null as GraphQLResponseBody | null);
  if (!request) throw new Error(`${query.id} has no request`);
  return request;
}

function childProcesses(pid: number): number {
  const parentOf = (entry: string) => {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ...", and comm may hold spaces.
      return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
    } catch {
      return undefined;
    }
  };
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && parentOf(entry) === pid).length;
}

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
}

export function productionRows(replicas: ReplicasResult | undefined, footprint: FootprintResult): string {
  const lines = [
    replicas
      ? `${replicas.replicas} replicas, ${replicas.query} sent to all at once (cold): ${replicas.coldCalls} upstream calls in total ` +
        `(floor ${replicas.floor}${replicas.coldCalls === replicas.floor ? '' : ' ✗'}; extensions.cost ${replicas.coldCallsReported}), ` +
        `${replicas.coldMs} ms (bound ${replicas.boundMs} ms); then ${replicas.warmCalls} on each${replicas.warmCalls === 0 ? '' : ' ✗'}`
      : 'replicas: skipped (no redis-server)',
    `footprint of ${footprint.command}: ready (${footprint.readyPath}) in ${footprint.readyMs} ms` +
      `${footprint.readyMs <= PRODUCTION_TARGETS.readyMs ? '' : ' ✗'}, resident ${footprint.idleResidentMb} MB idle` +
      `${footprint.idleResidentMb <= PRODUCTION_TARGETS.idleResidentMb ? '' : ' ✗'}, ${footprint.afterLoadResidentMb} MB after ` +
      `${footprint.loadRequests} requests in ${footprint.loadSeconds} s, ${footprint.childProcesses} child processes`,
  ];
  return lines.join('\n');
}

export function missedProductionTargets(replicas: ReplicasResult | undefined, footprint: FootprintResult): string[] {
  const missed: string[] = [];
  if (replicas && replicas.coldCalls !== replicas.floor) missed.push(`replicas: ${replicas.coldCalls} cold upstream calls in total, floor ${replicas.floor}`);
  if (replicas && replicas.warmCalls !== 0) missed.push(`replicas: ${replicas.warmCalls} upstream calls warm, target 0`);
  if (footprint.idleResidentMb > PRODUCTION_TARGETS.idleResidentMb) {
    missed.push(`footprint: ${footprint.idleResidentMb} MB resident idle, target ≤ ${PRODUCTION_TARGETS.idleResidentMb} MB`);
  }
  if (footprint.readyMs > PRODUCTION_TARGETS.readyMs) missed.push(`footprint: ready in ${footprint.readyMs} ms, target ≤ ${PRODUCTION_TARGETS.readyMs} ms`);
  if (footprint.childProcesses > 0) missed.push(`footprint: ${footprint.childProcesses} child processes, target none`);
  return missed;
}

async function main(): Promise<void> {
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 150);
  const replay = await startReplayServer({ ...KEYS, latencyMs });
  try {
    const queries = benchQueries(loadWorld());
    const pick = (id: string) => queries.filter((query) => query.id === id);
    const [followersReels] = pick('followers-reels');
    if (!followersReels) throw new Error('no followers-reels bench query');
    const open = { HIKERAPI_CONCURRENCY: '32', HIKERAPI_RPS: '10000', AISA_CONCURRENCY: '32', AISA_RPM: '600000' };
    const replicas = await measureReplicas(replay, followersReels, latencyMs, open);
    const footprint = await measureFootprint(replay, [...pick('profile'), followersReels], Number(process.env.BENCH_LOAD_SECONDS ?? 5));
    console.log(productionRows(replicas, footprint));
    const missed = missedProductionTargets(replicas, footprint);
    console.log(missed.length === 0 ? 'All targets met.' : `Missed:\n${missed.map((line) => `  - ${line}`).join('\n')}`);
    console.log(JSON.stringify({ replicas, footprint }, null, 2));
  } finally {
    await replay.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
