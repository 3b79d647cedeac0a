import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { FieldPolicy } from '@apollo/client/cache';
import { relayStylePagination } from '@apollo/client/utilities';
import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Cost } from '../../examples/dashboard/src/cost';
import { UserOverviewDocument } from '../../examples/generated/graphql';
import { UNTHROTTLED } from '../helpers/instagraph';
import { world, worldUser } from '../helpers/world';
import { createApolloClient, relayPages } from './apollo-client';
import { useDemoServer } from './demo-server';
import { FollowersWalkDocument } from './documents';

const fixture = useDemoServer({ env: { ...UNTHROTTLED, PROVIDER_ORDER: 'hikerapi' } });

const codesAndPaths = (error: unknown) =>
  CombinedGraphQLErrors.is(error) ? error.errors.map((graphQLError) => [graphQLError.extensions?.code, graphQLError.path?.join('.')]) : error;

describe('Apollo Client with the README type policies', () => {
  it("relayStylePagination: fetchMore walks 3 pages of followers, every one kept, private followers' reels null with their errors", async () => {
    const client = createApolloClient(fixture.server.url);
    const expected = world.userList(String(worldUser('natgeo').pk), 'followers').slice(0, 30);
    const walk = client.watchQuery({ query: FollowersWalkDocument, variables: { username: 'natgeo', first: 10 }, errorPolicy: 'all' });
    const watching = walk.subscribe(() => undefined);
    const firstPage = await firstValueFrom(walk.pipe(filter((result) => !result.loading)));
    let after = firstPage.data?.user?.followers?.pageInfo?.endCursor;
    const pageErrors: unknown[] = [];
    for (let page = 2; page <= 3; page += 1) {
      // fetchMore has its own errorPolicy: without 'all', a page with an error loses its data.
      const more = await walk.fetchMore({ variables: { after }, errorPolicy: 'all' });
      pageErrors.push(codesAndPaths(more.error));
      after = more.data?.user?.followers?.pageInfo.endCursor;
    }

    watching.unsubscribe();
    // The cache holds the merged list under the first page's variables.
    const merged = client.readQuery({ query: FollowersWalkDocument, variables: { username: 'natgeo', first: 10 } });
    const edges = merged?.user?.followers?.edges ?? [];
    expect(edges.map((edge) => edge.node.username)).toEqual(expected.map((user) => user.username));
    expect(edges.map((edge) => edge.node.reels === null)).toEqual(expected.map((user) => user.is_private));
    // Each page's errors name the private followers' reels, by their index in that page.
    const privateIndexes = (page: number) =>
      expected.slice(page * 10, page * 10 + 10).flatMap((user, index) => (user.is_private ? [index] : []));
    expect(pageErrors).toEqual(
      [1, 2].map((page) => privateIndexes(page).map((index) => ['PRIVATE_ACCOUNT', `user.followers.edges.${index}.node.reels`])),
    );
  });

  it("errorPolicy 'all': a private account's profile arrives with each list null and its error; the cost link reads extensions.cost", async () => {
    const costs: [string | undefined, Cost][] = [];
    const client = createApolloClient(fixture.server.url, (operationName, cost) => costs.push([operationName, cost]));
    const { data, error } = await client.query({ query: UserOverviewDocument, variables: { username: 'hidden.trails' }, errorPolicy: 'all' });

    expect(data?.user).toMatchObject({ username: 'hidden.trails', isPrivate: true, posts: null, reels: null, followers: null });
    expect(codesAndPaths(error)).toEqual(
      expect.arrayContaining(['posts', 'reels', 'taggedMedia', 'followers', 'following'].map((list) => ['PRIVATE_ACCOUNT', `user.${list}`])),
    );
    expect(costs).toEqual([['UserOverview', expect.objectContaining({ upstreamCalls: fixture.server.replay.stats.count() })]]);
    expect(fixture.server.replay.stats.count()).toBeGreaterThan(0);
  });

  it('relayPages keeps a list that failed null, where relayStylePagination alone makes up an empty one', async () => {
    const query = gql`
      query PrivateFollowers {
        user(username: "hidden.trails") { id followers(first: 3) { edges { cursor } pageInfo { hasNextPage } } }
      }
    `;
    const followersAfterError = async (followers: FieldPolicy) => {
      const cache = new InMemoryCache({ typePolicies: { User: { fields: { followers } } } });
      const client = new ApolloClient({ cache, link: new HttpLink({ uri: fixture.server.url }) });
      const { error } = await client.query({ query, errorPolicy: 'all' });
      expect(codesAndPaths(error)).toEqual([['PRIVATE_ACCOUNT', 'user.followers']]);
      return client.readQuery<{ user: { followers: unknown } }>({ query })?.user.followers;
    };
    expect(await followersAfterError(relayPages(['query']))).toBeNull();
    expect(await followersAfterError(relayStylePagination(['query']))).toEqual({ edges: [], pageInfo: { hasNextPage: true } });
  });
});
