import { describe, expect, it } from 'vitest';
import { loadWorld } from '../../src/replay/world';
import { aisa, example, hiker, useTestServer, type Json } from './helpers';

const world = loadWorld();
const pkOf = (username: string): string => {
  const user = world.userByUsername(username);
  if (!user) throw new Error(`no @${username}`);
  return String(user.pk);
};
const replay = useTestServer();

describe('HikerAPI /v1/user/about', () => {
  it("answers the About panel by user id: natgeo's as the world states it", async () => {
    const answer = await hiker(replay.server, '/v1/user/about', { id: pkOf('natgeo') });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ username: 'natgeo', is_verified: true, country: 'United States', date: 'March 2012', former_usernames: '0' });
  });

  it('answers every user, private ones too, with "" for a country the panel does not show', async () => {
    const answers = await Promise.all(world.users.map((user) => hiker(replay.server, '/v1/user/about', { id: String(user.pk) })));
    for (const [index, answer] of answers.entries()) {
      const user = world.users[index];
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ username: user?.username, is_verified: user?.is_verified, ...world.about(String(user?.pk)) });
    }
    const bodies = answers.map((answer) => answer.body as Json);
    expect(bodies.some((body) => body.country === '')).toBe(true);
    expect(bodies.some((body) => body.country !== '')).toBe(true);
    expect(bodies.some((body) => Number(body.former_usernames) > 0)).toBe(true);
  });

  it('answers 404 UserNotFound, 422 without id and 401 without key', async () => {
    const unknown = await hiker(replay.server, '/v1/user/about', { id: '999999999' });
    expect([unknown.status, unknown.body]).toEqual([404, { detail: 'User not found', exc_type: 'UserNotFound' }]);
    const missing = await hiker(replay.server, '/v1/user/about', {});
    expect([missing.status, missing.body]).toMatchObject([422, { detail: [{ loc: ['query', 'id'], type: 'missing' }] }]);
    expect((await hiker(replay.server, '/v1/user/about', { id: pkOf('natgeo') }, null)).status).toBe(401);
  });
});

describe('HikerAPI /v2/user/stories', () => {
  interface StoriesBody {
    reel: (Json & { items: Json[]; user: Json }) | null;
    status: string;
  }
  const storiesOf = async (userId: string, extra: Record<string, string> = {}) => {
    const answer = await hiker(replay.server, '/v2/user/stories', { user_id: userId, ...extra });
    expect(answer.status).toBe(200);
    return { body: answer.body as StoriesBody, text: answer.text };
  };

  it("answers natgeo's live stories oldest first, in the reel shape of the doc example", async () => {
    const { body } = await storiesOf(pkOf('natgeo'));
    const stories = world.stories(pkOf('natgeo'));
    expect(body.status).toBe('ok');
    const docReel = (example('hikerapi/v2-user-stories.json') as { reel: Json }).reel;
    const documentedKeys = Object.keys(docReel).filter((key) => key !== '...');
    expect(Object.keys(body.reel ?? {}).slice(0, documentedKeys.length)).toEqual(documentedKeys);
    expect(body.reel).toMatchObject({
      id: 787132, strong_id__: '787132', reel_type: 'user_reel', latest_reel_media: stories.at(-1)?.taken_at,
      expiring_at: stories.at(-1)?.expiring_at, media_count: stories.length, user: { pk: '787132', username: 'natgeo' },
    });
    expect(body.reel?.items.map((item) => item.pk)).toEqual(stories.map((story) => story.pk));
    for (const [index, item] of (body.reel?.items ?? []).entries()) {
      const story = stories[index];
      expect(item).toMatchObject({
        id: `${story?.pk}_787132`, code: story?.code, media_type: story?.media_type, taken_at: story?.taken_at,
        expiring_at: story?.expiring_at, product_type: 'story',
        image_versions2: { candidates: [{ url: story?.image_url, width: story?.width, height: story?.height }] },
      });
      if (story?.media_type === 2) expect(item).toMatchObject({ video_duration: story.video_duration, video_versions: [{ url: story.video_url }] });
      else expect(item).not.toHaveProperty('video_versions');
    }
  });

  it('writes story pks as bare 64-bit numbers, and as strings with safe_int', async () => {
    const [first] = world.stories(pkOf('coralcam'));
    expect((await storiesOf(pkOf('coralcam'))).text).toContain(`"pk":${first?.pk},`);
    const safe = await storiesOf(pkOf('coralcam'), { safe_int: 'true' });
    expect(safe.text).toContain(`"pk":"${first?.pk}",`);
    expect(safe.text).toContain(`"media_ids":["${first?.pk}"`);
  });

  it('answers reel null for a public user without live stories', async () => {
    expect(world.stories(pkOf('quiet.observer'))).toEqual([]);
    expect((await storiesOf(pkOf('quiet.observer'))).body).toEqual({ reel: null, status: 'ok' });
  });

  it('answers 403 PrivateAccount (force or not), 404 UserNotFound, 422 for a missing user_id or a bad flag, 401 without key', async () => {
    for (const force of [{}, { force: 'true' }] as Record<string, string>[]) {
      const hidden = await hiker(replay.server, '/v2/user/stories', { user_id: pkOf('hidden.trails'), ...force });
      expect([hidden.status, hidden.body]).toEqual([403, { detail: 'User hid data using privacy settings', exc_type: 'PrivateAccount' }]);
    }
    const unknown = await hiker(replay.server, '/v2/user/stories', { user_id: '999999999' });
    expect([unknown.status, (unknown.body as Json).exc_type]).toEqual([404, 'UserNotFound']);
    const missing = await hiker(replay.server, '/v2/user/stories', {});
    expect([missing.status, missing.body]).toMatchObject([422, { detail: [{ loc: ['query', 'user_id'], type: 'missing' }] }]);
    const badFlag = await hiker(replay.server, '/v2/user/stories', { user_id: pkOf('natgeo'), safe_int: 'perhaps' });
    expect([badFlag.status, badFlag.body]).toMatchObject([422, { detail: [{ loc: ['query', 'safe_int'], type: 'bool_parsing' }] }]);
    expect((await hiker(replay.server, '/v2/user/stories', { user_id: pkOf('natgeo') }, null)).status).toBe(401);
  });
});

describe('HikerAPI /v2/user/highlights', () => {
  interface TrayBody {
    response: { tray: (Json & { items: Json[] })[]; [key: string]: unknown };
    next_page_id: string | null;
  }
  const trayOf = async (userId: string, extra: Record<string, string> = {}) => {
    const answer = await hiker(replay.server, '/v2/user/highlights', { user_id: userId, ...extra });
    expect(answer.status).toBe(200);
    return answer.body as TrayBody;
  };

  it("answers coralcam's tray in the doc example's envelope, each highlight with its items", async () => {
    const body = await trayOf(pkOf('coralcam'));
    const docResponse = (example('hikerapi/v2-user-highlights.json') as { response: Json }).response;
    expect(Object.keys(body.response)).toEqual(Object.keys(docResponse));
    expect(body).toMatchObject({ response: { suggested_highlights: {}, highlights_tray_type: 'DEFAULT', status: 'ok' }, next_page_id: null });
    const highlights = world.highlights(pkOf('coralcam'));
    expect(highlights.length).toBeGreaterThanOrEqual(5);
    expect(body.response.tray.map((reel) => reel.id)).toEqual(highlights.map((highlight) => `highlight:${highlight.id}`));
    for (const [index, reel] of body.response.tray.entries()) {
      const highlight = highlights[index];
      expect(reel).toMatchObject({
        reel_type: 'highlight_reel', title: highlight?.title, created_at: highlight?.created_at, media_count: highlight?.items.length,
        cover_media: { cropped_image_version: { url: highlight?.cover_url } }, user: { username: 'coralcam' },
      });
      expect(reel.items.map((item) => item.pk)).toEqual(highlight?.items.map((item) => item.pk));
      for (const item of reel.items) expect(item).not.toHaveProperty('expiring_at');
    }
  });

  it("serves jane's highlight with the item of AIsa's detail example, and limits the tray to amount", async () => {
    const [reel] = (await trayOf(pkOf('jane'))).response.tray;
    const docDetail = example('aisa/user-highlight-detail.json') as { id: string; title: string; items: Json[] };
    expect(reel).toMatchObject({ id: docDetail.id, title: docDetail.title });
    expect(reel?.items.map((item) => [item.pk, item.code])).toEqual(docDetail.items.map((item) => [item.pk, item.code]));
    expect((await trayOf(pkOf('coralcam'), { amount: '2' })).response.tray).toHaveLength(2);
    expect((await trayOf(pkOf('quiet.observer'))).response.tray).toEqual([]);
  });

  it('answers 403 PrivateAccount, 404 UserNotFound, 422 for a missing user_id or a bad amount, 401 without key', async () => {
    expect(world.highlights(pkOf('hidden.trails')).length).toBeGreaterThan(0);
    const hidden = await hiker(replay.server, '/v2/user/highlights', { user_id: pkOf('hidden.trails') });
    expect([hidden.status, (hidden.body as Json).exc_type]).toEqual([403, 'PrivateAccount']);
    const unknown = await hiker(replay.server, '/v2/user/highlights', { user_id: '999999999' });
    expect([unknown.status, (unknown.body as Json).exc_type]).toEqual([404, 'UserNotFound']);
    const missing = await hiker(replay.server, '/v2/user/highlights', {});
    expect([missing.status, missing.body]).toMatchObject([422, { detail: [{ loc: ['query', 'user_id'], type: 'missing' }] }]);
    const badAmount = await hiker(replay.server, '/v2/user/highlights', { user_id: pkOf('coralcam'), amount: 'all' });
    expect([badAmount.status, badAmount.body]).toMatchObject([422, { detail: [{ loc: ['query', 'amount'], type: 'int_parsing' }] }]);
    expect((await hiker(replay.server, '/v2/user/highlights', { user_id: pkOf('coralcam') }, null)).status).toBe(401);
  });
});

describe('AIsa /instagram/user/highlights and /instagram/user/highlight/detail', () => {
  it("serves jane's highlights and that highlight's detail as the doc examples, by handle or user_id", async () => {
    for (const params of [{ handle: 'jane' }, { user_id: pkOf('jane') }] as Record<string, string>[]) {
      const answer = await aisa(replay.server, '/instagram/user/highlights', params);
      expect(JSON.parse(answer.text)).toEqual(example('aisa/user-highlights.json'));
    }
    const [docHighlight] = (example('aisa/user-highlights.json') as { highlights: Json[] }).highlights;
    const detail = await aisa(replay.server, '/instagram/user/highlight/detail', { id: String(docHighlight?.id) });
    expect(JSON.parse(detail.text)).toEqual(example('aisa/user-highlight-detail.json'));
  });

  it("lists coralcam's highlights with bare ids, and each detail carries its items with string pks (1 + one call each)", async () => {
    const list = await aisa(replay.server, '/instagram/user/highlights', { user_id: pkOf('coralcam') });
    const highlights = world.highlights(pkOf('coralcam'));
    const listed = (list.body as { success: boolean; highlights: Json[] }).highlights;
    expect(listed.map((entry) => [entry.id, entry.title])).toEqual(highlights.map((highlight) => [highlight.id, highlight.title]));
    expect(listed[0]).toEqual({
      __typename: 'GraphHighlightReel', id: highlights[0]?.id, cover_media: { thumbnail_src: highlights[0]?.cover_url },
      cover_media_cropped_thumbnail: { url: highlights[0]?.cover_url },
      owner: { __typename: 'GraphUser', id: pkOf('coralcam'), profile_pic_url: world.userByUsername('coralcam')?.profile_pic_url, username: 'coralcam' },
      title: highlights[0]?.title,
    });
    const docKeys = Object.keys(example('aisa/user-highlight-detail.json') as Json);
    for (const highlight of highlights) {
      const detail = await aisa(replay.server, '/instagram/user/highlight/detail', { id: String(listed.find((entry) => entry.title === highlight.title)?.id) });
      const body = detail.body as Json & { items: Json[] };
      expect(Object.keys(body)).toEqual(docKeys);
      expect(body).toMatchObject({ success: true, id: `highlight:${highlight.id}`, title: highlight.title, media_count: highlight.items.length });
      expect(body.items.map((item) => item.pk)).toEqual(highlight.items.map((item) => item.pk));
      expect(detail.text).toContain(`"pk":"${highlight.items[0]?.pk}"`);
    }
    expect(replay.server.stats.count({ provider: 'aisa', path: '/instagram/user/highlight/detail' })).toBeGreaterThanOrEqual(highlights.length);
  });

  it("answers a private account's highlights with none, and its detail, a prefixed id or an unknown one with 404", async () => {
    expect((await aisa(replay.server, '/instagram/user/highlights', { handle: 'hidden.trails' })).body).toEqual({ success: true, highlights: [] });
    const [privateHighlight] = world.highlights(pkOf('hidden.trails'));
    const [coralHighlight] = world.highlights(pkOf('coralcam'));
    for (const id of [String(privateHighlight?.id), `highlight:${coralHighlight?.id}`, '17800000000000001']) {
      const answer = await aisa(replay.server, '/instagram/user/highlight/detail', { id });
      expect([answer.status, answer.body]).toMatchObject([404, { success: false, errorStatus: 404, message: expect.stringContaining('deleted') }]);
    }
  });

  it('answers 400 without the parameters, 404 for an unknown user and 401 without key', async () => {
    expect((await aisa(replay.server, '/instagram/user/highlights', {})).status).toBe(400);
    expect((await aisa(replay.server, '/instagram/user/highlight/detail', {})).status).toBe(400);
    expect((await aisa(replay.server, '/instagram/user/highlights', { handle: 'no.such.user.anywhere' })).status).toBe(404);
    expect((await aisa(replay.server, '/instagram/user/highlights', { handle: 'coralcam' }, null)).status).toBe(401);
  });
});
