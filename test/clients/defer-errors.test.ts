import { Client, fetchExchange, type CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { DashboardFollowersReelsDocument } from '../../examples/generated/graphql';
import { NO_CACHE, UNTHROTTLED } from '../helpers/instagraph';
import { world, worldUser } from '../helpers/world';
import { useDemoServer } from './demo-server';
import { withoutDefer } from './documents';

// Issue 12, item 2: an error inside a deferred payload must reach the client as it would without
// @defer: masked like every other, with its extensions.code.
const fixture = useDemoServer({ env: { ...NO_CACHE, ...UNTHROTTLED, PROVIDER_ORDER: 'hikerapi' } });

const codesAndPaths = (error: CombinedError | undefined) =>
  (error?.graphQLErrors ?? []).map((graphQLError) => [graphQLError.extensions.code, graphQLError.path?.join('.')]);

describe('errors in deferred payloads', () => {
  it("carry the same extensions.code as without @defer (natgeo's private followers' reels)", async () => {
    const client = new Client({ url: fixture.server.url, preferGetMethod: false, requestPolicy: 'network-only', exchanges: [fetchExchange] });
    const variables = { username: 'natgeo', first: 12 };
    const privateIndexes = world
      .userList(String(worldUser('natgeo').pk), 'followers')
      .slice(0, variables.first)
      .flatMap((user, index) => (user.is_private ? [index] : []));
    const expected = privateIndexes.map((index) => ['PRIVATE_ACCOUNT', `user.followers.nodes.${index}.reels`]);

    const plain = await client.query(withoutDefer(DashboardFollowersReelsDocument), variables).toPromise();
    expect(privateIndexes.length).toBeGreaterThan(0);
    expect(codesAndPaths(plain.error)).toEqual(expected);
    const deferred = await client.query(DashboardFollowersReelsDocument, variables).toPromise();
    expect(codesAndPaths(deferred.error)).toEqual(expected);
  });
});
