import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import type { ProviderName } from '../src/domain/types';
import { startReplayServer } from '../src/replay/server';
import type { FaultRule, ReplayServer } from '../src/replay/types';
import { loadWorld, type World } from '../src/replay/world';
import type { FaultLoadServeCommand, FaultLoadServeMessage } from './load-serve';

/**
 * The load check for "keep answering when upstream misbehaves": a mixed GraphQL load for
 * LOAD_SECONDS (default 60) against an instagraph in a child process, over the replay upstream
 * (in this process) with LOAD_LATENCY_MS (default 50) per call and LOAD_FAULT_RATE (default 1%)
 * of upstream calls faulted. Loopback only. Prints requests served, gateway non-2xx, GraphQL
 * errors by code, p50/p99, upstream calls, the child's resident memory after warm-up and at the
 * end, and whether each target is met; exits 1 when one is not.
 *
 * Other knobs: LOAD_WARMUP_SECONDS (15, not measured, no faults), LOAD_CONNECTIONS (20). Both
 * memory figures are taken right after a full garbage collection in the gateway, so they compare
 * what the gateway holds rather than when V8 last collected.
 */

const SECONDS = positiveNumber('LOAD_SECONDS', 60);
const WARMUP_SECONDS = positiveNumber('LOAD_WARMUP_SECONDS', 15);
const CONNECTIONS = positiveNumber('LOAD_CONNECTIONS', 20);
const LATENCY_MS = positiveNumber('LOAD_LATENCY_MS', 50);
const FAULT_RATE = positiveNumber('LOAD_FAULT_RATE', 0.01);
const FAULT_TICK_MS = 100;
const MEMORY_SAMPLE_MS = 5_000;
const MAX_MEMORY_GROWTH = 0.1;
const KEYS = { hikerapiKey: 'lk-2b8e5a0f917c3d64', aisaKey: 'lk-9a3c7e1b05d84f26' };

/**
 * The gateway's configuration: defaults, except request rates the replay upstream does not have
 * (the vendors' real limits would turn the load into our own UPSTREAM_RATE_LIMITED answers), a
 * short profile TTL so profiles keep being refetched, and media by code never cached: the
 * "uncached" part of the mix, which keeps upstream traffic (and so faults) flowing all run long.
 */
const GATEWAY_ENV = {
  PROVIDER_ORDER: 'hikerapi,aisa',
  HIKERAPI_RPS: '10000',
  AISA_RPM: '600000',
  CACHE_TTL_PROFILE_S: '10',
  CACHE_TTL_MEDIA_S: '0',
};

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// The query mix

interface QueryKind {
  name: string;
  weight: number;
  body(random: () => number): string;
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Only public accounts, and lists whose members are public: any error in the run must be a fault's. */
function queryMix(world: World): QueryKind[] {
  const publicUsers = world.users.filter((user) => !user.is_private);
  const withList = (kind: 'posts' | 'reels', min: number) =>
    publicUsers.filter((user) => world.account(String(user.pk))[kind].length >= min).map((user) => user.username);
  const withPublicFollowers = publicUsers
    .filter((user) => {
      const firstFollowers = world.userList(String(user.pk), 'followers').slice(0, 5);
      return firstFollowers.length === 5 && firstFollowers.every((follower) => !follower.is_private);
    })
    .map((user) => user.username);
  const publicMediaCodes = world.media.filter((media) => world.userByPk(String(media.user.pk))?.is_private === false).map((media) => media.code);
  const usernames = publicUsers.map((user) => user.username);
  const pks = publicUsers.map((user) => String(user.pk));
  const postsOwners = withList('posts', 1);
  const reelsOwners = withList('reels', 13);

  const graphql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
  return [
    {
      name: 'profile',
      weight: 30,
      body: (random) =>
        graphql(
          'query Profile($u: String!) { user(username: $u) { username fullName biography followerCount followingCount mediaCount isVerified } }',
          { u: pick(usernames, random) },
        ),
    },
    {
      name: 'profile by pk',
      weight: 10,
      body: (random) => graphql('query ByPk($pk: ID!) { userByPk(pk: $pk) { username followerCount } }', { pk: pick(pks, random) }),
    },
    {
      name: 'posts page',
      weight: 20,
      body: (random) =>
        graphql(
          'query Posts($u: String!) { user(username: $u) { posts(first: 12) { nodes { code likeCount takenAt } pageInfo { endCursor hasNextPage } } } }',
          { u: pick(postsOwners, random) },
        ),
    },
    {
      name: 'reels, two pages',
      weight: 10,
      body: (random) =>
        graphql('query Reels($u: String!) { user(username: $u) { reels(first: 20) { nodes { code playCount } } } }', {
          u: pick(reelsOwners, random),
        }),
    },
    {
      name: "followers' reels",
      weight: 15,
      body: (random) =>
        graphql(
          'query FollowersReels($u: String!) { user(username: $u) { followers(first: 5) { nodes { username reels(first: 3) { nodes { code playCount } } } } } }',
          { u: pick(withPublicFollowers, random) },
        ),
    },
    {
      name: 'media by code (uncached)',
      weight: 15,
      body: (random) =>
        graphql('query Media($c: String!) { media(code: $c) { code caption likeCount owner { username followerCount } } }', {
          c: pick(publicMediaCodes, random),
        }),
    },
  ];
}

/** Seeded, so two runs send the same sequence of queries. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weightedPicker(kinds: QueryKind[], random: () => number): () => string {
  const total = kinds.reduce((sum, kind) => sum + kind.weight, 0);
  return () => {
    let roll = random() * total;
    for (const kind of kinds) {
      roll -= kind.weight;
      if (roll < 0) return kind.body(random);
    }
    return (kinds.at(-1) as QueryKind).body(random);
  };
}

// ---------------------------------------------------------------------------------------------
// Fault injection: the replay upstream's rules have no probability, so a timer adds single-use
// rules in proportion to each provider's calls since the last tick.

interface FaultKind {
  name: string;
  rule(provider: ProviderName): FaultRule;
  /** The GraphQL error codes this fault may surface as (most are retried or failed over to nothing). */
  codes: readonly string[];
}

const LIST_PATH: Record<ProviderName, string> = { hikerapi: '/v1/user/medias/chunk', aisa: '/instagram/user/posts' };

const FAULT_KINDS: readonly FaultKind[] = [
  { name: '429 Retry-After: 1', rule: (provider) => ({ provider, status: 429, retryAfterSeconds: 1 }), codes: ['UPSTREAM_RATE_LIMITED'] },
  { name: '500', rule: (provider) => ({ provider, status: 500 }), codes: ['UPSTREAM_UNAVAILABLE'] },
  { name: '503', rule: (provider) => ({ provider, status: 503 }), codes: ['UPSTREAM_UNAVAILABLE'] },
  { name: 'dropped connection', rule: (provider) => ({ provider, dropConnection: true }), codes: ['UPSTREAM_UNAVAILABLE'] },
  { name: 'malformed JSON', rule: (provider) => ({ provider, malformedJson: true }), codes: ['UPSTREAM_BAD_RESPONSE'] },
  {
    name: 'posts page without `code`',
    rule: (provider) => ({ provider, path: LIST_PATH[provider], omitField: 'code' }),
    codes: ['UPSTREAM_BAD_RESPONSE'],
  },
  { name: 'slow answer (+1.5 s)', rule: (provider) => ({ provider, delayMs: 1_500 }), codes: [] },
  { name: 'hang (never answers)', rule: (provider) => ({ provider, hang: true }), codes: ['UPSTREAM_TIMEOUT'] },
];

class FaultInjector {
  readonly added = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private seen: Record<ProviderName, number> = { hikerapi: 0, aisa: 0 };
  private owed: Record<ProviderName, number> = { hikerapi: 0, aisa: 0 };
  private next = 0;

  constructor(
    private readonly replay: ReplayServer,
    private readonly rate: number,
  ) {}

  start(): void {
    this.seen = { hikerapi: this.replay.stats.count({ provider: 'hikerapi' }), aisa: this.replay.stats.count({ provider: 'aisa' }) };
    this.timer = setInterval(() => this.tick(), FAULT_TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.replay.clearFaults();
  }

  get total(): number {
    return [...this.added.values()].reduce((sum, count) => sum + count, 0);
  }

  /** Codes that some added fault may explain. */
  explainedCodes(): Set<string> {
    return new Set(FAULT_KINDS.filter((kind) => (this.added.get(kind.name) ?? 0) > 0).flatMap((kind) => kind.codes));
  }

  private tick(): void {
    for (const provider of ['hikerapi', 'aisa'] as const) {
      const count = this.replay.stats.count({ provider });
      this.owed[provider] += (count - this.seen[provider]) * this.rate;
      this.seen[provider] = count;
      while (this.owed[provider] >= 1) {
        this.owed[provider] -= 1;
        // Round-robin over the kinds: every kind gets its share, whatever the run's length.
        const kind = FAULT_KINDS[this.next++ % FAULT_KINDS.length] as FaultKind;
        this.replay.addFault({ ...kind.rule(provider), times: 1 });
        this.added.set(kind.name, (this.added.get(kind.name) ?? 0) + 1);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The gateway child

interface Gateway {
  url: string;
  memory(collect?: boolean): Promise<{ rss: number; heapUsed: number }>;
  crashed(): string | undefined;
  stop(): Promise<void>;
}

async function startGateway(replay: ReplayServer): Promise<Gateway> {
  const child: ChildProcess = fork(new URL('./load-serve.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      PATH: process.env.PATH,
      HIKERAPI_KEY: KEYS.hikerapiKey,
      HIKERAPI_URL: replay.hikerapiUrl,
      AISA_API_KEY: KEYS.aisaKey,
      AISA_URL: replay.aisaUrl,
      ...GATEWAY_ENV,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let crash: string | undefined;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) crash = `the gateway exited (code ${code}, signal ${signal}) during the run`;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', () => reject(new Error(crash ?? 'the gateway exited before listening')));
    child.on('message', (message: FaultLoadServeMessage) => {
      if (message.type === 'ready') resolve(message.url);
    });
  });
  return {
    url,
    crashed: () => crash,
    memory: (collect = false) =>
      new Promise((resolve, reject) => {
        if (crash) {
          reject(new Error(crash));
          return;
        }
        const onMessage = (message: FaultLoadServeMessage) => {
          if (message.type !== 'memory') return;
          child.off('message', onMessage);
          resolve({ rss: message.rss, heapUsed: message.heapUsed });
        };
        child.on('message', onMessage);
        child.send({ type: 'memory', collect } satisfies FaultLoadServeCommand);
      }),
    stop: async () => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'stop' } satisfies FaultLoadServeCommand);
      // A gateway that does not close in time is killed: the check must end by itself.
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The load

interface Tally {
  statuses: Map<number, number>;
  errorCodes: Map<string, number>;
  responsesWithErrors: number;
  unparsable: number;
  /** A few messages per code, to say what happened. */
  samples: Map<string, string>;
}

function newTally(): Tally {
  return { statuses: new Map(), errorCodes: new Map(), responsesWithErrors: 0, unparsable: 0, samples: new Map() };
}

function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function record(tally: Tally, status: number, body: string): void {
  increment(tally.statuses, status);
  let parsed: { errors?: { message?: string; extensions?: { code?: string } }[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    tally.unparsable += 1;
    return;
  }
  if (!parsed.errors?.length) return;
  tally.responsesWithErrors += 1;
  for (const error of parsed.errors) {
    const code = error.extensions?.code ?? '(no code)';
    increment(tally.errorCodes, code);
    if (!tally.samples.has(code)) tally.samples.set(code, error.message ?? '');
  }
}

function runLoad(url: string, seconds: number, nextBody: () => string, tally: Tally): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    connections: CONNECTIONS,
    duration: seconds,
    // A hung upstream holds its request until the gateway's 15 s deadline: that is an answer, not a client timeout.
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: nextBody() }),
        onResponse: (status, body) => record(tally, status, body),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

async function main(): Promise<number> {
  const world = loadWorld();
  const nextBody = weightedPicker(queryMix(world), mulberry32(20261122));
  const replay = await startReplayServer({ ...KEYS, latencyMs: LATENCY_MS });
  const gateway = await startGateway(replay);
  const faults = new FaultInjector(replay, FAULT_RATE);
  const memorySamples: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    console.log(
      `load check: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up then ${SECONDS} s measured; upstream latency ${LATENCY_MS} ms, ${percent(FAULT_RATE)} of upstream calls faulted`,
    );
    const warmupTally = newTally();
    await runLoad(gateway.url, WARMUP_SECONDS, nextBody, warmupTally);
    const startMemory = await gateway.memory(true);

    replay.stats.reset();
    const tally = newTally();
    faults.start();
    sampler = setInterval(() => {
      gateway.memory().then(
        (memory) => memorySamples.push(memory.rss),
        () => undefined,
      );
    }, MEMORY_SAMPLE_MS);
    const result = await runLoad(gateway.url, SECONDS, nextBody, tally);
    clearInterval(sampler);
    faults.stop();
    const upstreamCalls = { hikerapi: replay.stats.count({ provider: 'hikerapi' }), aisa: replay.stats.count({ provider: 'aisa' }) };
    const crash = gateway.crashed();
    const endMemory = crash ? undefined : await gateway.memory(true);

    const gateway5xx = [...tally.statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
    const explained = faults.explainedCodes();
    const unexplained = [...tally.errorCodes.keys()].filter((code) => !explained.has(code));
    const growth = endMemory ? (endMemory.rss - startMemory.rss) / startMemory.rss : Number.NaN;

    const rows: [string, string][] = [
      ['requests served', `${result.requests.total} (${(result.requests.total / result.duration).toFixed(0)} req/s)`],
      ['gateway responses by status', [...tally.statuses].map(([status, count]) => `${status}: ${count}`).join(', ')],
      ['gateway non-2xx', String(result.non2xx)],
      ['client errors / timeouts', `${result.errors} / ${result.timeouts}`],
      ['responses with GraphQL errors', `${tally.responsesWithErrors} (${percent(tally.responsesWithErrors / Math.max(1, result.requests.total))})`],
      ['GraphQL errors by code', tally.errorCodes.size === 0 ? 'none' : [...tally.errorCodes].map(([code, count]) => `${code}: ${count}`).join(', ')],
      ['latency p50 / p99 / max', `${result.latency.p50} ms / ${result.latency.p99} ms / ${result.latency.max} ms`],
      ['upstream calls', `${upstreamCalls.hikerapi + upstreamCalls.aisa} (hikerapi ${upstreamCalls.hikerapi}, aisa ${upstreamCalls.aisa})`],
      ['faults injected', `${faults.total}: ${[...faults.added].map(([name, count]) => `${name} ${count}`).join(', ')}`],
      ['gateway RSS after warm-up', `${mb(startMemory.rss)} (heap used ${mb(startMemory.heapUsed)})`],
      ['gateway RSS samples', memorySamples.map(mb).join(', ')],
      ['gateway RSS at end', endMemory ? `${mb(endMemory.rss)} (heap used ${mb(endMemory.heapUsed)})` : 'n/a'],
      ['RSS growth', Number.isNaN(growth) ? 'n/a' : percent(growth)],
    ];
    if (warmupTally.responsesWithErrors > 0) {
      rows.push(['warm-up errors (no faults)', [...warmupTally.errorCodes].map(([code, count]) => `${code}: ${count}`).join(', ')]);
    }
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
    for (const [code, message] of tally.samples) console.log(`  e.g. ${code}: ${message.slice(0, 200)}`);

    const targets: [string, boolean][] = [
      ['no gateway crash', crash === undefined],
      ['no 5xx from the gateway', gateway5xx === 0 && tally.unparsable === 0],
      [`RSS growth under ${percent(MAX_MEMORY_GROWTH)} after warm-up`, growth < MAX_MEMORY_GROWTH],
      [
        `error codes only where a fault was injected${unexplained.length ? ` (unexplained: ${unexplained.join(', ')})` : ''}`,
        unexplained.length === 0 && warmupTally.responsesWithErrors === 0,
      ],
    ];
    console.log('targets:');
    for (const [target, met] of targets) console.log(`  ${met ? 'MET   ' : 'MISSED'} ${target}`);
    if (crash) console.log(`  ${crash}`);
    return targets.every(([, met]) => met) ? 0 : 1;
  } finally {
    clearInterval(sampler);
    faults.stop();
    await gateway.stop();
    await replay.close();
  }
}

process.exitCode = await main();
