import { performance } from 'node:perf_hooks';
import { Client, fetchExchange } from '@urql/core';
import type { DocumentNode } from 'graphql';
import { startDemoServer } from '../examples/dashboard/demo-server';
import { DashboardFollowersReelsDocument } from '../examples/generated/graphql';
import { withoutDefer } from '../test/clients/documents';

/**
 * `npm run bench:defer`: for natgeo's first 10 followers and each one's 3 latest reels, the time to
 * the first payload and to the full answer with the reels deferred, against the same query without
 * @defer. Real HTTP (urql, multipart/mixed) to instagraph over the replay upstream at
 * BENCH_LATENCY_MS (150) a call, nothing cached; medians of BENCH_DEFER_RUNS (5) runs each.
 */
function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${process.env[name]}"`);
  return value;
}

const latencyMs = positiveInteger('BENCH_LATENCY_MS', 150);
const runs = positiveInteger('BENCH_DEFER_RUNS', 5);
const variables = { username: 'natgeo', first: 10, reels: 3 };

interface Run {
  firstMs: number;
  fullMs: number;
  payloads: number;
  upstreamCalls: number;
}

const demo = await startDemoServer({
  latencyMs,
  env: { PROVIDER_ORDER: 'hikerapi', HIKERAPI_RPS: '10000', CACHE_TTL_PROFILE_S: '0', CACHE_TTL_USER_LIST_S: '0', CACHE_TTL_MEDIA_LIST_S: '0' },
});
const client = new Client({ url: demo.url, requestPolicy: 'network-only', exchanges: [fetchExchange] });

function timeOnce(document: DocumentNode): Promise<Run> {
  demo.replay.stats.reset();
  const start = performance.now();
  let firstMs: number | undefined;
  let payloads = 0;
  return new Promise((resolve, reject) => {
    const { unsubscribe } = client.query(document, variables).subscribe((result) => {
      if (result.error) reject(result.error);
      payloads += 1;
      firstMs ??= performance.now() - start;
      if (result.hasNext) return;
      unsubscribe();
      resolve({ firstMs, fullMs: performance.now() - start, payloads, upstreamCalls: demo.replay.stats.count() });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[Math.floor(middle)] ?? 0);
}

const plainDocument = withoutDefer(DashboardFollowersReelsDocument);
// One of each first, so that connections and JIT are warm.
await timeOnce(DashboardFollowersReelsDocument);
await timeOnce(plainDocument);
const deferred: Run[] = [];
const plain: Run[] = [];
for (let run = 0; run < runs; run += 1) {
  deferred.push(await timeOnce(DashboardFollowersReelsDocument));
  plain.push(await timeOnce(plainDocument));
}
await demo.close();

const ms = (values: number[]) => `${Math.round(median(values))} ms`;
const calls = (results: Run[]) => [...new Set(results.map((result) => result.upstreamCalls))].join('/');
console.log(`followers' reels (10 followers x 3 reels), ${latencyMs} ms a call, nothing cached, medians of ${runs} runs:`);
console.log(
  `  with @defer:    first payload ${ms(deferred.map((run) => run.firstMs))}, full answer ${ms(deferred.map((run) => run.fullMs))}` +
    ` (${median(deferred.map((run) => run.payloads))} payloads, ${calls(deferred)} upstream calls)`,
);
console.log(`  without @defer: full answer ${ms(plain.map((run) => run.fullMs))} (${calls(plain)} upstream calls)`);
