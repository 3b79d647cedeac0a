import { describe, expect, it } from 'vitest';
import { HIKERAPI_MEDIA_PAGE_SIZE } from '../../src/replay/hikerapi';
import { loadWorld, type LocationFeedKind } from '../../src/replay/world';
import { chunkOf, hiker, useTestServer, walkPages, type Json } from './helpers';

const world = loadWorld();
const replay = useTestServer();

const FEED_PLACES = [
  { pk: '213047514', name: 'Monterey Bay Aquarium' },
  { pk: '213055433', name: 'Cape Point' },
];
const PATHS: Record<LocationFeedKind, string> = {
  recent: '/v1/location/medias/recent/chunk',
  top: '/v1/location/medias/top/chunk',
};
const feedPage = (kind: LocationFeedKind, locationPk: string, cursor: string | null) =>
  hiker(replay.server, PATHS[kind], { location_pk: locationPk, ...(cursor ? { max_id: cursor } : {}) }).then((answer) => chunkOf<Json>(answer));

describe('HikerAPI location feeds', () => {
  it.each(FEED_PLACES)('walks the recent media of $name in 3+ pages of 12: every item once, newest first, at that place', async ({ pk, name }) => {
    const pages = await walkPages((cursor) => feedPage('recent', pk, cursor));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(HIKERAPI_MEDIA_PAGE_SIZE);
    const items = pages.flat();
    expect(items.map((item) => item.pk)).toEqual(world.locationFeed(pk, 'recent').map((media) => media.pk));
    expect(new Set(items.map((item) => item.pk)).size).toBe(items.length);
    for (const item of items) {
      expect(item.location).toMatchObject({ pk: Number(pk), name });
      expect(item.play_count).toBe(0);
    }
    const times = items.map((item) => Number(item.taken_at_ts));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it.each(FEED_PLACES)('walks the top media of $name, most liked first, all of them among its recent media', async ({ pk }) => {
    const items = (await walkPages((cursor) => feedPage('top', pk, cursor))).flat();
    expect(items.map((item) => item.pk)).toEqual(world.locationFeed(pk, 'top').map((media) => media.pk));
    expect(items.length).toBeGreaterThan(HIKERAPI_MEDIA_PAGE_SIZE);
    const likes = items.map((item) => Number(item.like_count));
    expect(likes).toEqual([...likes].sort((a, b) => b - a));
    const recent = new Set(world.locationFeed(pk, 'recent').map((media) => media.pk));
    for (const item of items) expect(recent.has(String(item.pk))).toBe(true);
  });

  it('serves the feed places by id', async () => {
    for (const { pk, name } of FEED_PLACES) {
      const answer = await hiker(replay.server, '/v1/location/by/id', { id: pk });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ pk: Number(pk), name, lat: expect.any(Number), lng: expect.any(Number) });
    }
  });

  it('answers 422 for a missing or non-integer location_pk, 404 LocationNotFound, 400 for a cursor of the other tab, 401 without key', async () => {
    for (const kind of ['recent', 'top'] as const) {
      const missing = await hiker(replay.server, PATHS[kind], {});
      expect([missing.status, missing.body]).toMatchObject([422, { detail: [{ loc: ['query', 'location_pk'], type: 'missing' }] }]);
      const notNumber = await hiker(replay.server, PATHS[kind], { location_pk: 'monterey' });
      expect([notNumber.status, notNumber.body]).toMatchObject([422, { detail: [{ loc: ['query', 'location_pk'], type: 'int_parsing' }] }]);
      const unknown = await hiker(replay.server, PATHS[kind], { location_pk: '1' });
      expect([unknown.status, unknown.body]).toEqual([404, { detail: 'Location not found', exc_type: 'LocationNotFound' }]);
      expect((await hiker(replay.server, PATHS[kind], { location_pk: FEED_PLACES[0]?.pk ?? '' }, null)).status).toBe(401);
    }
    const { next } = await feedPage('recent', FEED_PLACES[0]?.pk ?? '', null);
    const crossed = await hiker(replay.server, PATHS.top, { location_pk: FEED_PLACES[0]?.pk ?? '', max_id: String(next) });
    expect(crossed.status).toBe(400);
  });
});
