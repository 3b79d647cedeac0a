import { Client, fetchExchange, type OperationResult } from '@urql/core';
import type { DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costExchange } from '../../examples/dashboard/src/client';
import type { Cost } from '../../examples/dashboard/src/cost';
import { DashboardFollowersReelsDocument, type DashboardFollowersReelsQuery } from '../../examples/generated/graphql';
import { NO_CACHE, UNTHROTTLED } from '../helpers/instagraph';
import { world, worldUser } from '../helpers/world';
import { useDemoServer } from './demo-server';
import { withoutDefer } from './documents';

const REELS_PATH = '/v1/user/clips/chunk';
const FOLLOWERS = 10;
const variables = { username: 'natgeo', first: FOLLOWERS, reels: 3 };

// Nothing cached, so each request's upstream calls are its own; 150 ms a call as in production.
const fixture = useDemoServer({ latencyMs: 150, env: { ...NO_CACHE, ...UNTHROTTLED, PROVIDER_ORDER: 'hikerapi' } });

interface Delivery {
  result: OperationResult<DashboardFollowersReelsQuery>;
  /** Reels pages the replay upstream had answered when this result reached the client. */
  reelsAnswered: number;
}

/** Every result urql delivers for one network request, until the last one. */
function deliveries(client: Client, document: DocumentNode): Promise<Delivery[]> {
  const seen: Delivery[] = [];
  return new Promise((resolve) => {
    const { unsubscribe } = client.query<DashboardFollowersReelsQuery>(document, variables).subscribe((result) => {
      seen.push({ result, reelsAnswered: fixture.server.replay.stats.count({ path: REELS_PATH }) });
      if (!result.hasNext) {
        unsubscribe();
        resolve(seen);
      }
    });
  });
}

describe('@defer through urql (multipart/mixed)', () => {
  it('delivers the followers before their reels are answered, then the non-deferred answer at the same call count', async () => {
    const costs: Cost[] = [];
    const client = new Client({
      url: fixture.server.url,
      // POST with JSON: a GET would need the CSRF-prevention header.
      preferGetMethod: false,
      requestPolicy: 'network-only',
      exchanges: [costExchange((_operation, cost) => costs.push(cost)), fetchExchange],
    });
    const replay = fixture.server.replay;

    const deferred = await deliveries(client, DashboardFollowersReelsDocument);
    const deferredCalls = replay.stats.count();
    const first = deferred[0];
    const expected = world.userList(String(worldUser('natgeo').pk), 'followers').slice(0, FOLLOWERS);
    expect(deferred.length).toBeGreaterThan(1);
    expect(first?.result.hasNext).toBe(true);
    // The followers are there, without reels, before the last reels page was answered.
    expect(first?.result.data?.user?.followers?.nodes.map((node) => node.username)).toEqual(expected.map((user) => user.username));
    expect(first?.result.data?.user?.followers?.nodes.every((node) => node.reels === undefined)).toBe(true);
    expect(first?.reelsAnswered).toBeLessThan(FOLLOWERS);

    replay.stats.reset();
    const plain = await deliveries(client, withoutDefer(DashboardFollowersReelsDocument));
    expect(plain).toHaveLength(1);
    expect(deferred.at(-1)?.result.data).toEqual(plain[0]?.result.data);
    expect(replay.stats.count()).toBe(deferredCalls);
    expect(deferredCalls).toBe(2 + FOLLOWERS);
    // Each request reported its cost once, on its last payload.
    expect(costs.map((cost) => cost.upstreamCalls)).toEqual([deferredCalls, deferredCalls]);
  });
});
