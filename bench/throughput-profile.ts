import { loadWorld } from '../src/replay/world';
import { benchQueries } from './queries';
import { measureWarmThroughput, startServeChild } from './throughput';

/**
 * `npm run bench:throughput [query id]`: only the warm-throughput part of the benchmark, for profiling the
 * server under load: with BENCH_CPU_PROFILE_DIR set, the server process writes a V8 CPU profile
 * there. BENCH_LOAD_SECONDS, BENCH_CONNECTIONS and BENCH_LATENCY_MS as for `npm run bench`;
 * prints the figures as JSON.
 */
const queries = benchQueries(loadWorld());
const id = process.argv[2] ?? 'profile';
const request = queries.find((query) => query.id === id)?.requests[0]?.(null);
if (!request) {
  console.error(`unknown query "${id}"; one of: ${queries.map((query) => query.id).join(', ')}`);
  process.exit(1);
}

const server = await startServeChild(Number(process.env.BENCH_LATENCY_MS ?? 150), process.env.BENCH_CPU_PROFILE_DIR || undefined);
try {
  const result = await measureWarmThroughput(server, id, request, {
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
    seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 10),
  });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await server.stop();
}
