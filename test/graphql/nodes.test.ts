import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MediaDetailDocument,
  NodeByIdDocument,
  NodeDetailDocument,
  NodesDocument,
  ProfileDocument,
  UserByPkDocument,
} from '../../examples/generated/graphql';
import type { ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { codes, createApp, errorAt, execute, globalId, startReplay } from '../helpers/instagraph';
import { worldMedia, worldUser } from '../helpers/world';

let replay: ReplayServer;
let app: Instagraph;

beforeAll(async () => {
  replay = await startReplay();
  app = createApp(replay, { providers: 'hikerapi' });
});

afterAll(async () => {
  await app?.close();
  await replay?.close();
});

beforeEach(() => replay.stats.reset());

/** The ids the API itself hands out: natgeo's, a carousel's and its location's. */
async function issuedIds(): Promise<{ user: string; media: string; location: string }> {
  const profile = await execute(app, ProfileDocument, { username: 'natgeo' });
  const media = await execute(app, MediaDetailDocument, { code: 'DWLs6XzhLIr' });
  const ids = { user: profile.data?.user?.id, media: media.data?.media?.id, location: media.data?.media?.location?.id };
  if (!ids.user || !ids.media || !ids.location) throw new Error(`missing ids in ${profile.text} ${media.text}`);
  replay.stats.reset();
  return { user: ids.user, media: ids.media, location: ids.location };
}

const natgeo = worldUser('natgeo');
const carousel = worldMedia('DWLs6XzhLIr');

const EXPECTED = {
  user: {
    __typename: 'User',
    id: globalId('User', '787132'),
    pk: '787132',
    username: 'natgeo',
    fullName: natgeo.full_name,
    isVerified: true,
    followerCount: natgeo.follower_count,
  },
  media: {
    __typename: 'Media',
    id: globalId('Media', carousel.pk),
    pk: carousel.pk,
    code: carousel.code,
    mediaType: 'CAROUSEL',
    caption: carousel.caption_text,
    owner: { username: 'leo.shoots.birds' },
  },
  location: {
    __typename: 'Location',
    id: globalId('Location', '213000000'),
    pk: '213000000',
    name: 'Yellowstone National Park',
    city: 'Wyoming',
    lat: 44.428,
    lng: -110.5885,
  },
} as const;

describe('node refetch', () => {
  it.each([
    { type: 'user', path: '/v1/user/by/id' },
    { type: 'media', path: '/v1/media/by/id' },
    { type: 'location', path: '/v1/location/by/id' },
  ] as const)('node(id) with the $type id a query returned gives the same object, in one call', async ({ type, path }) => {
    const ids = await issuedIds();
    expect(ids[type]).toBe(EXPECTED[type].id);
    const answer = await execute(app, NodeDetailDocument, { id: ids[type] });
    expect(answer.errors).toEqual([]);
    expect(answer.data?.node).toEqual(EXPECTED[type]);
    expect(replay.stats.calls.map((call) => call.path)).toEqual([path]);
    expect(answer.cost?.upstreamCalls).toBe(1);
  });

  it('the NodeById example resolves each type by its global id', async () => {
    const ids = await issuedIds();
    const answers = await Promise.all([ids.user, ids.media, ids.location].map((id) => execute(app, NodeByIdDocument, { id })));
    expect(answers.map((answer) => answer.data?.node)).toEqual([
      { __typename: 'User', id: ids.user, username: 'natgeo' },
      { __typename: 'Media', id: ids.media, code: carousel.code },
      { __typename: 'Location', id: ids.location, name: 'Yellowstone National Park' },
    ]);
  });

  it('nodes(ids) with a mix of types answers in order, fetching a repeated id once', async () => {
    const ids = await issuedIds();
    const answer = await execute(app, NodesDocument, { ids: [ids.location, ids.user, ids.media, ids.user] });
    expect(answer.errors).toEqual([]);
    expect(answer.data?.nodes).toEqual([EXPECTED.location, EXPECTED.user, EXPECTED.media, EXPECTED.user]);
    expect(replay.stats.count({ path: '/v1/user/by/id' })).toBe(1);
    expect(replay.stats.count()).toBe(3);
    expect(answer.cost?.upstreamCalls).toBe(3);
  });

  it('userByPk gives the same user as user(username)', async () => {
    const answer = await execute(app, UserByPkDocument, { pk: '787132' });
    expect(answer.errors).toEqual([]);
    expect(answer.data?.userByPk).toEqual(EXPECTED.user);
    expect(replay.stats.calls.map((call) => call.path)).toEqual(['/v1/user/by/id']);
  });

  it.each([
    ['not base64 at all', 'not an id!'],
    ['an unknown type', Buffer.from('Story:1').toString('base64')],
    ['a non-numeric pk', Buffer.from('User:natgeo').toString('base64')],
    ['no pk', Buffer.from('Media:').toString('base64')],
    ['a bare pk', '787132'],
  ])('node(id) with %s is BAD_USER_INPUT, with no upstream call', async (_what, id) => {
    const answer = await execute(app, NodeDetailDocument, { id });
    expect(answer.data).toEqual({ node: null });
    expect(errorAt(answer.errors, ['node']).extensions?.code).toBe('BAD_USER_INPUT');
    expect(replay.stats.count()).toBe(0);
    expect(answer.cost?.upstreamCalls).toBe(0);
  });

  it('node(id) for a well-formed id of no account is NOT_FOUND at ["node"]', async () => {
    const answer = await execute(app, NodeDetailDocument, { id: globalId('User', '1') });
    expect(answer.data).toEqual({ node: null });
    expect(errorAt(answer.errors, ['node']).extensions?.code).toBe('NOT_FOUND');
    expect(replay.stats.count()).toBe(1);
  });

  it('nodes(ids) with one unknown id nulls only that item, with the error at its index', async () => {
    const ids = await issuedIds();
    const answer = await execute(app, NodesDocument, { ids: [ids.user, globalId('User', '1'), ids.location] });
    expect(answer.data?.nodes).toEqual([EXPECTED.user, null, EXPECTED.location]);
    expect(errorAt(answer.errors, ['nodes', 1]).extensions?.code).toBe('NOT_FOUND');
  });

  it('nodes(ids) with one malformed id nulls only that item with BAD_USER_INPUT', async () => {
    const ids = await issuedIds();
    const answer = await execute(app, NodesDocument, { ids: [ids.user, 'not an id!'] });
    expect(answer.data?.nodes).toEqual([EXPECTED.user, null]);
    expect(errorAt(answer.errors, ['nodes', 1]).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('nodes(ids) with a malformed id costs no upstream call for that id', async () => {
    const ids = await issuedIds();
    const answer = await execute(app, NodesDocument, { ids: ['not an id!', ids.user] });
    expect(codes(answer.errors)).toEqual(['BAD_USER_INPUT']);
    expect(replay.stats.calls.map((call) => call.path)).toEqual(['/v1/user/by/id']);
  });
});

describe('media refetch with only AIsa configured', () => {
  let aisaOnly: Instagraph;

  beforeAll(() => {
    aisaOnly = createApp(replay, { providers: 'aisa' });
  });

  afterAll(async () => {
    await aisaOnly?.close();
  });

  it('node(id) of a Media costs one /instagram/post call, by the shortcode of its pk', async () => {
    const answer = await execute(aisaOnly, NodeByIdDocument, { id: globalId('Media', carousel.pk) });
    expect(answer.errors).toEqual([]);
    expect(answer.data?.node).toEqual({ __typename: 'Media', id: globalId('Media', carousel.pk), code: carousel.code });
    expect(replay.stats.calls.map((call) => [call.path, call.params.url])).toEqual([
      ['/instagram/post', `https://www.instagram.com/p/${carousel.code}/`],
    ]);
  });

  it('nodes([...]) of two media costs one call each, in order', async () => {
    const other = worldMedia('DWtNtdjhIRf');
    const answer = await execute(aisaOnly, NodesDocument, {
      ids: [globalId('Media', carousel.pk), globalId('Media', other.pk)],
    });
    expect(answer.errors).toEqual([]);
    expect(answer.data?.nodes?.map((node) => (node && 'code' in node ? node.code : null))).toEqual([carousel.code, other.code]);
    expect(replay.stats.count({ provider: 'aisa', path: '/instagram/post' })).toBe(2);
    expect(replay.stats.count()).toBe(2);
  });
});
