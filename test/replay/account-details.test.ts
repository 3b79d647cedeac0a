import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/types';
import { loadWorld } from '../../src/replay/world';
import { example, hiker, startTestServer, type Json } from './helpers';

const world = loadWorld();
const pkOf = (username: string): string => {
  const user = world.userByUsername(username);
  if (!user) throw new Error(`no @${username}`);
  return String(user.pk);
};
let server: ReplayServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('HikerAPI /v1/user/about', () => {
  it("answers the About panel by user id: natgeo's as the world states it", async () => {
    const answer = await hiker(server, '/v1/user/about', { id: pkOf('natgeo') });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ username: 'natgeo', is_verified: true, country: 'United States', date: 'March 2012', former_usernames: '0' });
  });

  it('answers every user, private ones too, with "" for a country the panel does not show', async () => {
    const answers = await Promise.all(world.users.map((user) => hiker(server, '/v1/user/about', { id: String(user.pk) })));
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
    const unknown = await hiker(server, '/v1/user/about', { id: '999999999' });
    expect([unknown.status, unknown.body]).toEqual([404, { detail: 'User not found', exc_type: 'UserNotFound' }]);
    const missing = await hiker(server, '/v1/user/about', {});
    expect([missing.status, missing.body]).toMatchObject([422, { detail: [{ loc: ['query', 'id'], type: 'missing' }] }]);
    expect((await hiker(server, '/v1/user/about', { id: pkOf('natgeo') }, null)).status).toBe(401);
  });
});

describe('HikerAPI /v2/user/stories', () => {
  interface StoriesBody {
    reel: (Json & { items: Json[]; user: Json }) | null;
    status: string;
  }
  const storiesOf = async (userId: string, extra: Record<string, string> = {}) => {
    const answer = await hiker(server, '/v2/user/stories', { user_id: userId, ...extra });
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
      const hidden = await hiker(server, '/v2/user/stories', { user_id: pkOf('hidden.trails'), ...force });
      expect([hidden.status, hidden.body]).toEqual([403, { detail: 'User hid data using privacy settings', exc_type: 'PrivateAccount' }]);
    }
    const unknown = await hiker(server, '/v2/user/stories', { user_id: '999999999' });
    expect([unknown.status, (unknown.body as Json).exc_type]).toEqual([404, 'UserNotFound']);
    const missing = await hiker(server, '/v2/user/stories', {});
    expect([missing.status, missing.body]).toMatchObject([422, { detail: [{ loc: ['query', 'user_id'], type: 'missing' }] }]);
    const badFlag = await hiker(server, '/v2/user/stories', { user_id: pkOf('natgeo'), safe_int: 'perhaps' });
    expect([badFlag.status, badFlag.body]).toMatchObject([422, { detail: [{ loc: ['query', 'safe_int'], type: 'bool_parsing' }] }]);
    expect((await hiker(server, '/v2/user/stories', { user_id: pkOf('natgeo') }, null)).status).toBe(401);
  });
});
