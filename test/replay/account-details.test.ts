import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/types';
import { loadWorld } from '../../src/replay/world';
import { hiker, startTestServer, type Json } from './helpers';

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
