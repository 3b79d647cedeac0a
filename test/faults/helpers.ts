import type { ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { expectNothingLeaked, instagraphOver, KEYS, NO_CACHE, UNTHROTTLED, type ClientError, type Cost } from '../helpers/instagraph';
import { loadWorld } from '../../src/replay/world';

export { errorAt } from '../helpers/instagraph';

export const world = loadWorld();

/** The upstream paths the tests inject faults into and count calls on. */
export const PATH = {
  hikerapi: {
    profile: '/v1/user/by/username',
    profileById: '/v1/user/by/id',
    posts: '/v1/user/medias/chunk',
    reels: '/v1/user/clips/chunk',
    followers: '/v1/user/followers/chunk',
  },
  aisa: {
    profile: '/instagram/profile',
    posts: '/instagram/user/posts',
    reels: '/instagram/user/reels',
  },
} as const;

export interface Answer {
  status: number;
  /** The raw body, for checks on what must never reach a client. */
  text: string;
  data: Record<string, unknown> | null | undefined;
  errors: ClientError[];
  cost: Cost | undefined;
  elapsedMs: number;
}

/** An instagraph over the replay upstream, no cache and unthrottled unless `env` says otherwise. */
export function faultyApp(replay: ReplayServer, env: Record<string, string> = {}): Instagraph {
  return instagraphOver(replay, { ...NO_CACHE, ...UNTHROTTLED, ...env });
}

/** POST one query through yoga.fetch and time it; every answer is checked for leaked keys. */
export async function run(app: Instagraph, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const started = performance.now();
  const response = await app.yoga.fetch('http://instagraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  expectNothingLeaked(text, Object.values(KEYS));
  const body = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: ClientError[]; extensions?: { cost?: Cost } };
  return { status: response.status, text, data: body.data, errors: body.errors ?? [], cost: body.extensions?.cost, elapsedMs };
}

export function pkOf(username: string): string {
  const user = world.userByUsername(username);
  if (!user) throw new Error(`fixture world has no @${username}`);
  return String(user.pk);
}

/** The codes of a user's first `count` posts or reels, in upstream order. */
export function codesOf(username: string, kind: 'posts' | 'reels', count: number): string[] {
  return world
    .mediaList(pkOf(username), kind)
    .slice(0, count)
    .map((media) => media.code);
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
