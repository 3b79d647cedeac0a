import { describe, expect, it } from 'vitest';
import { MAX_HIGHLIGHTS } from '../../src/domain/types';
import type { WorldStoryItem } from '../../src/replay/world';
import { codes, errorAt, execute, globalId, useReplay } from '../helpers/instagraph';
import { pkOf, world } from '../helpers/world';

/** About, live stories and highlights through GraphQL, and what a private account refuses, counted at the replay upstream. */

const upstream = useReplay();
const app = (order: 'hikerapi' | 'aisa', env: Record<string, string> = {}) => upstream.app({ PROVIDER_ORDER: order, ...env });

const callsByPath = (): Record<string, number> =>
  Object.fromEntries(
    [...new Set(upstream.replay.stats.calls.map((call) => call.path))].map((path) => [path, upstream.replay.stats.count({ path })]),
  );

/** A story frame as the API answers it. */
function expectedItem(item: WorldStoryItem) {
  return {
    pk: item.pk,
    mediaType: item.media_type === 2 ? 'VIDEO' : 'PHOTO',
    takenAt: new Date(item.taken_at * 1000).toISOString(),
    expiresAt: item.expiring_at === null ? null : new Date(item.expiring_at * 1000).toISOString(),
    imageUrl: item.image_url,
    videoUrl: item.video_url,
    videoDuration: item.video_duration,
  };
}

const ITEM_FIELDS = 'pk mediaType takenAt expiresAt imageUrl videoUrl videoDuration';
const DETAILS = `query ($username: String!) { user(username: $username) {
  about { dateJoined country formerUsernameCount }
  stories { ${ITEM_FIELDS} }
  highlights { id title coverUrl items { ${ITEM_FIELDS} } }
} }`;

interface Details {
  user: {
    about: { dateJoined: string; country: string; formerUsernameCount: number } | null;
    stories: unknown[] | null;
    highlights: { id: string; title: string; coverUrl: string; items: unknown[] }[] | null;
  };
}

function expectedHighlights(username: string) {
  return world.highlights(pkOf(username)).map((highlight) => ({
    id: globalId('Highlight', `${pkOf(username)}:${highlight.id}`),
    title: highlight.title,
    coverUrl: highlight.cover_url,
    items: highlight.items.map(expectedItem),
  }));
}

describe('User.about, stories and highlights on HikerAPI', () => {
  it("natgeo's about panel, live stories and highlights with their items: 1 profile + 3 calls", async () => {
    const answer = await execute(app('hikerapi'), DETAILS, { username: 'natgeo' });
    expect(answer.errors).toEqual([]);
    const { user } = answer.data as unknown as Details;
    expect(user.about).toEqual({ dateJoined: 'March 2012', country: 'United States', formerUsernameCount: 0 });
    expect(user.stories).toEqual(world.stories(pkOf('natgeo')).map(expectedItem));
    expect(user.stories).toHaveLength(3);
    expect(user.highlights).toEqual(expectedHighlights('natgeo'));
    expect(callsByPath()).toEqual({ '/v1/user/by/username': 1, '/v1/user/about': 1, '/v2/user/stories': 1, '/v2/user/highlights': 1 });
    // The tray carries the items: the estimate plans no call for them when only HikerAPI is configured.
    expect(answer.cost).toMatchObject({ estimated: 4, upstreamCalls: 4 });
  });

  it('answers [] for an account without live stories or highlights, and "" for a country the panel does not show', async () => {
    const quiet = world.users.find((user) => !user.is_private && world.about(String(user.pk))?.country === '' && world.stories(String(user.pk)).length === 0)!;
    const answer = await execute(app('hikerapi'), DETAILS, { username: quiet.username });
    expect(answer.errors).toEqual([]);
    const { user } = answer.data as unknown as Details;
    expect(user.about?.country).toBe('');
    expect(user.stories).toEqual([]);
    expect(user.highlights).toEqual(expectedHighlights(quiet.username));
  });
});

describe('User.highlights on AIsa: one more call per highlight for its items', () => {
  const HIGHLIGHTS = `query ($username: String!) { user(username: $username) { highlights { id title coverUrl items { ${ITEM_FIELDS} } } } }`;

  it("coralcam's 6 highlights with items cost 1 profile + 1 list + 6 details; the estimate plans the worst case", async () => {
    const highlights = world.highlights(pkOf('coralcam'));
    expect(highlights).toHaveLength(6);
    const answer = await execute(app('aisa'), HIGHLIGHTS, { username: 'coralcam' });
    expect(answer.errors).toEqual([]);
    expect((answer.data as unknown as Details).user.highlights).toEqual(expectedHighlights('coralcam'));
    expect(callsByPath()).toEqual({ '/instagram/profile': 1, '/instagram/user/highlights': 1, '/instagram/user/highlight/detail': 6 });
    // The six detail calls run concurrently: they may reach the upstream in any order.
    expect(upstream.replay.stats.calls.filter((call) => call.path.endsWith('/detail')).map((call) => call.params.id).sort()).toEqual(
      highlights.map((highlight) => highlight.id).sort(),
    );
    expect(answer.cost).toMatchObject({ estimated: 2 + MAX_HIGHLIGHTS, upstreamCalls: 2 + highlights.length });
  });

  it('refuses before any call a client whose cap is below that plan, and plans 2 calls without the items', async () => {
    const refused = await execute(app('aisa'), HIGHLIGHTS, { username: 'coralcam' }, { 'x-max-upstream-calls': String(1 + MAX_HIGHLIGHTS) });
    expect(codes(refused.errors)).toEqual(['QUERY_TOO_EXPENSIVE']);
    expect(upstream.replay.stats.count()).toBe(0);
    const titles = await execute(app('aisa'), `{ user(username: "coralcam") { highlights { title } } }`, {}, { 'x-max-upstream-calls': '2' });
    expect(titles.errors).toEqual([]);
    expect(titles.cost).toMatchObject({ estimated: 2, upstreamCalls: 2 });
  });

  it('refetches a highlight by its node id: its owner\'s list, then (AIsa) its items', async () => {
    // AIsa's example for jane's highlight has another CDN host for its cover than HikerAPI's tray: coralcam's agree.
    const [highlight] = expectedHighlights('coralcam');
    for (const [order, calls] of [
      ['hikerapi', { '/v2/user/highlights': 1 }],
      ['aisa', { '/instagram/user/highlights': 1, '/instagram/user/highlight/detail': 1 }],
    ] as const) {
      upstream.replay.stats.reset();
      const answer = await execute(app(order), `{ node(id: "${highlight!.id}") { id ... on Highlight { title coverUrl items { ${ITEM_FIELDS} } } } }`);
      expect(answer.errors).toEqual([]);
      expect(answer.data, order).toEqual({ node: highlight });
      expect(callsByPath(), order).toEqual(calls);
      expect(answer.cost?.estimated).toBe(answer.cost?.upstreamCalls);
    }
  });

  it("is UNSUPPORTED_BY_PROVIDERS for about and stories on AIsa alone, for those fields only", async () => {
    const answer = await execute(app('aisa'), DETAILS, { username: 'jane' });
    expect(errorAt(answer.errors, ['user', 'about']).extensions?.code).toBe('UNSUPPORTED_BY_PROVIDERS');
    expect(errorAt(answer.errors, ['user', 'stories']).extensions?.code).toBe('UNSUPPORTED_BY_PROVIDERS');
    expect(answer.errors).toHaveLength(2);
    const { user } = answer.data as unknown as Details;
    expect(user.highlights?.map((highlight) => highlight.title)).toEqual(['GRWM chats']);
    expect(callsByPath()).toEqual({ '/instagram/profile': 1, '/instagram/user/highlights': 1, '/instagram/user/highlight/detail': 1 });
  });
});

describe('a private account', () => {
  const hidden = world.userByUsername('hidden.trails')!;
  const [photo, reel] = [...world.mediaList(String(hidden.pk), 'posts'), ...world.mediaList(String(hidden.pk), 'reels')];

  it.each(['hikerapi', 'aisa'] as const)('refuses comments, likers, transcripts, stories and highlights as PRIVATE_ACCOUNT without calling them (%s)', async (order) => {
    const answer = await execute(
      app(order),
      `{
        user(username: "hidden.trails") { isPrivate stories { pk } highlights { title } }
        photo: media(code: "${photo!.code}") { comments(first: 5) { nodes { text } } likers(first: 5) { nodes { username } } }
        reel: media(code: "${reel!.code}") { transcript }
      }`,
    );
    // Refused before routing: whether or not the configured provider serves the field.
    const refused = [['user', 'stories'], ['user', 'highlights'], ['photo', 'comments'], ['photo', 'likers'], ['reel', 'transcript']];
    for (const path of refused) expect(errorAt(answer.errors, path).extensions?.code, path.join('.')).toBe('PRIVATE_ACCOUNT');
    expect(answer.errors).toHaveLength(refused.length);
    expect(answer.data).toMatchObject({ user: { isPrivate: true, stories: null, highlights: null }, photo: { comments: null, likers: null }, reel: { transcript: null } });
    // Only the lookups that said the account is private.
    const lookups = order === 'hikerapi' ? { '/v1/user/by/username': 1, '/v1/media/by/code': 2 } : { '/instagram/profile': 1, '/instagram/post': 2 };
    expect(callsByPath()).toEqual(lookups);
  });

  it('shows its About panel, which Instagram makes public', async () => {
    const answer = await execute(app('hikerapi'), `{ user(username: "hidden.trails") { about { dateJoined } } }`);
    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual({ user: { about: { dateJoined: world.about(String(hidden.pk))!.date } } });
  });
});
