import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import type { Provider } from '../src/domain/provider';
import { createHikerApiProvider } from '../src/providers/hikerapi';
import { startReplayServer } from '../src/replay/server';
import type { ReplayServer } from '../src/replay/types';
import { loadWorld } from '../src/replay/world';
import { createInstagraph, type Instagraph } from '../src/server';
import { describeErrors, postGraphQL, type GraphQLResponseBody } from './graphql';
import { measureFootprint, measureReplicas, missedProductionTargets, PRODUCTION_TARGETS, productionRows } from './production';
import { benchQueries, type BenchQuery } from './queries';
import { measureWarmThroughput, round, startServeChild, type ThroughputResult } from './throughput';

/**
 * `npm run bench`: upstream calls (cold vs floor, warm), cold wall time vs the critical-path
 * bound, gateway overhead and warm throughput for a set of representative queries, against the
 * replay upstream on loopback. Prints a table and writes the figures to bench/results.json.
 */

const TARGETS = { fanOutRatio: 1.25, profileOverheadMs: 2, throughputReqPerSec: 1_500 } as const;

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

const SETTINGS = {
  latencyMs: setting('BENCH_LATENCY_MS', 150),
  coldRepeats: setting('BENCH_COLD_REPEATS', 3),
  overheadRuns: setting('BENCH_OVERHEAD_RUNS', 200),
  loadSeconds: setting('BENCH_LOAD_SECONDS', 10),
  loadConnections: setting('BENCH_CONNECTIONS', 50),
};

const KEYS = { hikerapiKey: 'bk-4f9c2e71a0d3b8e6', aisaKey: 'ak-7d1e0b93c5f2a846' };
const GRAPHQL_URL = 'http://instagraph.bench/graphql';
const RESULTS_PATH = new URL('./results.json', import.meta.url);

interface QueryResult {
  id: string;
  title: string;
  requests: number;
  floor: number;
  rounds: number;
  /** Replay upstream's own counter, the most over the cold repeats. */
  coldCalls: number;
  /** The sum of extensions.cost.upstreamCalls over the same requests. */
  coldCallsReported: number;
  warmCalls: number;
  warmCallsReported: number;
  /** Most upstream calls in flight at once during a cold run. */
  coldMaxInFlight: number;
  coldMs: number;
  boundMs: number;
  ratio: number | null;
  /** One cold run under the server's default per-provider limits (concurrency and rate). */
  coldMsDefaultLimits: number;
  ratioDefaultLimits: number | null;
  overheadMsPerRequest: number;
  graphqlMsMedian: number;
  directMsMedian: number;
  problems: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function instagraphOver(replay: ReplayServer, env: Record<string, string> = {}): Instagraph {
  const config = loadConfig({
    HIKERAPI_KEY: KEYS.hikerapiKey,
    HIKERAPI_URL: replay.hikerapiUrl,
    AISA_API_KEY: KEYS.aisaKey,
    AISA_URL: replay.aisaUrl,
    PROVIDER_ORDER: 'hikerapi,aisa',
    ...env,
  });
  return createInstagraph({ config });
}

/**
 * Our own per-provider limits wide enough never to hold a call back: the floors and rounds
 * assume every independent call can start at once, and the overhead loops would otherwise
 * measure the rate limiter's waits. The server's defaults (HikerAPI: 10 in flight, 15/s) are
 * measured too, in their own column.
 */
const OPEN_LIMITS = {
  HIKERAPI_CONCURRENCY: '32',
  HIKERAPI_RPS: '10000',
  AISA_CONCURRENCY: '32',
  AISA_RPM: '600000',
};

/** Every cache TTL at 0: each request goes upstream, as a cold one does. */
const NO_CACHE = {
  CACHE_TTL_PROFILE_S: '0',
  CACHE_TTL_MEDIA_LIST_S: '0',
  CACHE_TTL_USER_LIST_S: '0',
  CACHE_TTL_MEDIA_S: '0',
  CACHE_TTL_LOCATION_S: '0',
  CACHE_TTL_NEGATIVE_S: '0',
};

/** Sends a query's requests one after the other, each built from the previous answer. */
async function runRequests(app: Instagraph, query: BenchQuery): Promise<GraphQLResponseBody[]> {
  const fetchLike = (url: string, init: RequestInit) => Promise.resolve(app.yoga.fetch(url, init));
  const responses: GraphQLResponseBody[] = [];
  for (const build of query.requests) {
    responses.push(await postGraphQL(fetchLike, GRAPHQL_URL, build(responses.at(-1) ?? null)));
  }
  return responses;
}

function reportedCalls(responses: GraphQLResponseBody[]): number {
  return responses.reduce((sum, response) => sum + (response.extensions?.cost?.upstreamCalls ?? Number.NaN), 0);
}

function responseProblems(query: BenchQuery, responses: GraphQLResponseBody[]): string[] {
  const problems = responses.map(describeErrors).filter((errors): errors is string => errors !== null);
  const wrong = query.check(responses);
  return wrong === null ? problems : [...problems, wrong];
}

interface ColdWarm {
  coldCalls: number;
  coldCallsReported: number;
  warmCalls: number;
  warmCallsReported: number;
  coldMaxInFlight: number;
  coldMs: number;
  problems: string[];
}

/** One fresh instance (empty cache): the query cold, then again within the TTLs (warm). */
async function coldThenWarm(replay: ReplayServer, query: BenchQuery, limits: Record<string, string>): Promise<ColdWarm> {
  const app = instagraphOver(replay, limits);
  try {
    replay.stats.reset();
    const started = performance.now();
    const cold = await runRequests(app, query);
    const coldMs = performance.now() - started;
    const coldCalls = replay.stats.count();
    const coldMaxInFlight = replay.stats.maxInFlight;

    replay.stats.reset();
    const warm = await runRequests(app, query);
    const warmCalls = replay.stats.count();
    return {
      coldCalls,
      coldCallsReported: reportedCalls(cold),
      warmCalls,
      warmCallsReported: reportedCalls(warm),
      coldMaxInFlight,
      coldMs,
      problems: [...responseProblems(query, cold), ...responseProblems(query, warm).map((problem) => `warm: ${problem}`)],
    };
  } finally {
    await app.close();
  }
}

interface Overhead {
  graphqlMsMedian: number;
  directMsMedian: number;
  overheadMsPerRequest: number;
  problems: string[];
}

/**
 * With no injected latency and no cache: the median time of the query's requests through
 * instagraph minus the median time of the same upstream calls made directly with the HikerAPI
 * client, over the same loopback. The two alternate so drift in machine load hits both alike.
 */
async function gatewayOverhead(replay: ReplayServer, app: Instagraph, direct: Provider, query: BenchQuery): Promise<Overhead> {
  const problems: string[] = [];
  replay.stats.reset();
  const responses = await runRequests(app, query);
  const graphqlCalls = replay.stats.count();
  problems.push(...responseProblems(query, responses));
  replay.stats.reset();
  await query.direct(direct);
  const directCalls = replay.stats.count();
  if (graphqlCalls !== directCalls) {
    problems.push(`overhead baseline: instagraph made ${graphqlCalls} upstream calls uncached, the direct calls ${directCalls}`);
  }

  const warmupRuns = Math.min(30, SETTINGS.overheadRuns);
  const graphqlMs: number[] = [];
  const directMs: number[] = [];
  for (let run = 0; run < warmupRuns + SETTINGS.overheadRuns; run += 1) {
    let started = performance.now();
    await runRequests(app, query);
    const graphqlTime = performance.now() - started;
    started = performance.now();
    await query.direct(direct);
    const directTime = performance.now() - started;
    if (run >= warmupRuns) {
      graphqlMs.push(graphqlTime);
      directMs.push(directTime);
    }
  }
  const graphqlMsMedian = median(graphqlMs);
  const directMsMedian = median(directMs);
  return {
    graphqlMsMedian: round(graphqlMsMedian, 3),
    directMsMedian: round(directMsMedian, 3),
    overheadMsPerRequest: round((graphqlMsMedian - directMsMedian) / query.requests.length, 3),
    problems,
  };
}

function pad(cells: string[][]): string {
  const widths = cells[0]?.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length))) ?? [];
  return cells
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '))
    .join('\n');
}

function mark(ok: boolean): string {
  return ok ? '' : ' ✗';
}

function queryTable(results: QueryResult[], fanOut: Set<string>): string {
  const header = [
    'query',
    'floor',
    'cold calls',
    'ext.cost',
    'warm calls',
    'rounds',
    'cold ms',
    'bound ms',
    'ratio',
    'max in flight',
    'default limits: ms',
    'ratio',
    'overhead ms/req',
  ];
  const rows = results.map((result) => [
    result.title,
    String(result.floor),
    `${result.coldCalls}${mark(result.coldCalls === result.floor)}`,
    `${result.coldCallsReported}${mark(result.coldCallsReported === result.coldCalls)}`,
    `${result.warmCalls}${mark(result.warmCalls === 0)}`,
    String(result.rounds),
    result.coldMs.toFixed(1),
    String(result.boundMs),
    result.ratio === null ? '-' : `${result.ratio.toFixed(2)}${fanOut.has(result.id) ? mark(result.ratio <= TARGETS.fanOutRatio) : ''}`,
    String(result.coldMaxInFlight),
    result.coldMsDefaultLimits.toFixed(1),
    result.ratioDefaultLimits === null ? '-' : result.ratioDefaultLimits.toFixed(2),
    `${result.overheadMsPerRequest.toFixed(3)}${result.id === 'profile' ? mark(result.overheadMsPerRequest < TARGETS.profileOverheadMs) : ''}`,
  ]);
  return pad([header, ...rows]);
}

function throughputTable(results: ThroughputResult[]): string {
  const header = ['warm query', 'connections', 'seconds', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'mismatches', 'upstream calls'];
  const rows = results.map((result) => [
    result.query,
    String(result.connections),
    String(result.seconds),
    String(result.requests),
    `${result.reqPerSec}${result.query === 'profile' ? mark(result.reqPerSec >= TARGETS.throughputReqPerSec) : ''}`,
    String(result.p50Ms),
    String(result.p99Ms),
    String(result.non2xx),
    String(result.errors + result.timeouts),
    String(result.mismatches),
    String(result.upstreamCallsDuringLoad),
  ]);
  return pad([header, ...rows]);
}

function missedTargets(results: QueryResult[], fanOut: Set<string>, throughput: ThroughputResult[]): string[] {
  const missed: string[] = [];
  for (const result of results) {
    if (result.coldCalls !== result.floor) missed.push(`${result.id}: ${result.coldCalls} cold upstream calls, floor ${result.floor}`);
    if (result.coldCallsReported !== result.coldCalls) {
      missed.push(`${result.id}: extensions.cost says ${result.coldCallsReported} upstream calls, the replay upstream counted ${result.coldCalls}`);
    }
    if (result.warmCalls !== 0) missed.push(`${result.id}: ${result.warmCalls} upstream calls warm, target 0`);
    if (fanOut.has(result.id) && result.ratio !== null && result.ratio > TARGETS.fanOutRatio) {
      missed.push(`${result.id}: cold ${result.coldMs.toFixed(1)} ms is ${result.ratio.toFixed(2)}x the ${result.boundMs} ms bound, target ≤ ${TARGETS.fanOutRatio}x`);
    }
    if (result.id === 'profile' && result.overheadMsPerRequest >= TARGETS.profileOverheadMs) {
      missed.push(`profile: gateway overhead ${result.overheadMsPerRequest} ms, target < ${TARGETS.profileOverheadMs} ms`);
    }
  }
  for (const result of throughput) {
    if (result.query === 'profile' && result.reqPerSec < TARGETS.throughputReqPerSec) {
      missed.push(`profile: warm throughput ${result.reqPerSec} req/s, target ≥ ${TARGETS.throughputReqPerSec}`);
    }
    if (result.upstreamCallsDuringLoad !== 0) missed.push(`${result.query}: ${result.upstreamCallsDuringLoad} upstream calls under warm load, target 0`);
  }
  return missed;
}

async function main(): Promise<number> {
  const loadAverageAtStart = loadavg().map((value) => round(value, 2));
  const world = loadWorld();
  const queries = benchQueries(world);
  const fanOut = new Set(queries.filter((query) => query.fanOut).map((query) => query.id));
  const replay = await startReplayServer({ ...KEYS, latencyMs: 0 });
  const direct = createHikerApiProvider({ apiKey: KEYS.hikerapiKey, baseUrl: replay.hikerapiUrl });
  const overheadApp = instagraphOver(replay, { ...OPEN_LIMITS, ...NO_CACHE });

  try {
    console.log(`instagraph benchmark: ${queries.length} queries, replay upstream latency ${SETTINGS.latencyMs} ms a call, ${cpus().length} CPUs, Node ${process.version}`);

    // Gateway overhead first, with no latency; its warm-up runs also warm the JIT for the cold runs.
    const overheads = new Map<string, Overhead>();
    for (const query of queries) {
      overheads.set(query.id, await gatewayOverhead(replay, overheadApp, direct, query));
      console.log(`  overhead ${query.id}: ${overheads.get(query.id)?.overheadMsPerRequest} ms/request`);
    }

    replay.setLatency(SETTINGS.latencyMs);
    const results: QueryResult[] = [];
    for (const query of queries) {
      const runs: ColdWarm[] = [];
      for (let repeat = 0; repeat < Math.max(1, SETTINGS.coldRepeats); repeat += 1) runs.push(await coldThenWarm(replay, query, OPEN_LIMITS));
      const defaultLimits = await coldThenWarm(replay, query, {});
      const overhead = overheads.get(query.id);
      const boundMs = SETTINGS.latencyMs * query.rounds;
      const coldMs = round(median(runs.map((run) => run.coldMs)), 1);
      const maxOf = (pick: (run: ColdWarm) => number) => Math.max(...runs.map(pick));
      results.push({
        id: query.id,
        title: query.title,
        requests: query.requests.length,
        floor: query.floor,
        rounds: query.rounds,
        coldCalls: maxOf((run) => run.coldCalls),
        coldCallsReported: maxOf((run) => run.coldCallsReported),
        warmCalls: maxOf((run) => run.warmCalls),
        warmCallsReported: maxOf((run) => run.warmCallsReported),
        coldMaxInFlight: maxOf((run) => run.coldMaxInFlight),
        coldMs,
        boundMs,
        ratio: boundMs > 0 ? round(coldMs / boundMs, 3) : null,
        coldMsDefaultLimits: round(defaultLimits.coldMs, 1),
        ratioDefaultLimits: boundMs > 0 ? round(defaultLimits.coldMs / boundMs, 3) : null,
        overheadMsPerRequest: overhead?.overheadMsPerRequest ?? Number.NaN,
        graphqlMsMedian: overhead?.graphqlMsMedian ?? Number.NaN,
        directMsMedian: overhead?.directMsMedian ?? Number.NaN,
        problems: [...new Set([...[...runs, defaultLimits].flatMap((run) => run.problems), ...(overhead?.problems ?? [])])],
      });
      console.log(`  cold/warm ${query.id}: ${coldMs} ms`);
    }

    const server = await startServeChild(SETTINGS.latencyMs);
    const throughput: ThroughputResult[] = [];
    try {
      const load = { connections: SETTINGS.loadConnections, seconds: SETTINGS.loadSeconds };
      for (const id of ['profile', 'followers-reels']) {
        const query = queries.find((candidate) => candidate.id === id);
        const request = query?.requests[0]?.(null);
        if (!request) throw new Error(`no ${id} query`);
        throughput.push(await measureWarmThroughput(server, id, request, load));
        console.log(`  throughput ${id}: ${throughput.at(-1)?.reqPerSec} req/s`);
      }
    } finally {
      await server.stop();
    }

    // The production process (node dist/main.js): three replicas on one Redis, and one alone's footprint.
    const followersReels = queries.filter((query) => query.id === 'followers-reels');
    const [replicaQuery] = followersReels;
    if (!replicaQuery) throw new Error('no followers-reels query');
    const replicas = await measureReplicas(replay, replicaQuery, SETTINGS.latencyMs, OPEN_LIMITS);
    const footprint = await measureFootprint(replay, [...queries.filter((query) => query.id === 'profile'), ...followersReels], 5);
    console.log(`  replicas and footprint: done`);

    const missed = [...missedTargets(results, fanOut, throughput), ...missedProductionTargets(replicas, footprint)];
    const problems = results.flatMap((result) => result.problems.map((problem) => `${result.id}: ${problem}`));
    console.log(`\nUpstream calls, cold wall time (median of ${SETTINGS.coldRepeats}, latency ${SETTINGS.latencyMs} ms) and gateway overhead (zero latency, median of ${SETTINGS.overheadRuns}):`);
    console.log(queryTable(results, fanOut));
    console.log(
      `Cold runs use per-provider limits that never bind (${Object.entries(OPEN_LIMITS).map(([name, value]) => `${name}=${value}`).join(', ')}); ` +
        "'default limits' is one cold run under the server's defaults (HikerAPI: 10 in flight, 15 calls/s).",
    );
    console.log(`\nWarm throughput (instagraph in a child process on 127.0.0.1, autocannon):`);
    console.log(throughputTable(throughput));
    console.log(`\nThe production process (node dist/main.js, real-provider configuration pointed at the replay upstream):`);
    console.log(productionRows(replicas, footprint));
    console.log(
      `\nTargets: cold calls = floor, warm calls = 0, cold ≤ ${TARGETS.fanOutRatio}x bound for fan-out queries (${[...fanOut].join(', ')}), ` +
        `profile overhead < ${TARGETS.profileOverheadMs} ms, profile warm throughput ≥ ${TARGETS.throughputReqPerSec} req/s, ` +
        `replicas: calls = floor, production process ≤ ${PRODUCTION_TARGETS.idleResidentMb} MB idle and ready in ≤ ${PRODUCTION_TARGETS.readyMs} ms. ✗ marks a miss.`,
    );
    console.log(missed.length === 0 ? 'All targets met.' : `Missed:\n${missed.map((line) => `  - ${line}`).join('\n')}`);
    for (const [warning, count] of warningCounts) console.log(`Process warning, ${count} times in this process: ${warning}`);
    if (problems.length > 0) console.log(`Wrong answers:\n${problems.map((line) => `  - ${line}`).join('\n')}`);

    const report = {
      settings: { ...SETTINGS, limits: OPEN_LIMITS },
      // Other work on a shared machine moves the timings: the load average says how much there was.
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version, loadAverageAtStart },
      targets: { ...TARGETS, ...PRODUCTION_TARGETS },
      queries: results.map((result) => ({ ...result, fanOut: fanOut.has(result.id) })),
      throughput,
      replicas: replicas ?? null,
      footprint,
      missed,
      processWarnings: Object.fromEntries(warningCounts),
    };
    writeFileSync(RESULTS_PATH, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nWrote ${RESULTS_PATH.pathname}`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await Promise.all([overheadApp.close(), direct.close()]);
    await replay.close();
  }
}

/**
 * Node prints a process warning each time it recurs; a fan-out query can raise the same one on
 * every run. Each distinct warning is printed once here and counted in the summary, not hidden.
 */
const warningCounts = new Map<string, number>();
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  const key = `${warning.name}: ${warning.message}`;
  if (!warningCounts.has(key)) console.error(`(node) ${key}`);
  warningCounts.set(key, (warningCounts.get(key) ?? 0) + 1);
});

// The whole run takes about a minute; a hang must not outlive it by much.
const watchdog = setTimeout(() => {
  console.error('bench: still running after 4 minutes, giving up');
  process.exit(2);
}, 240_000);
watchdog.unref();

process.exitCode = await main();
