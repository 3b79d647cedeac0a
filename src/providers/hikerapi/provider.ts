import type { z } from 'zod';
import type { CallContext } from '../../domain/call';
import type { Provider } from '../../domain/provider';
import type { Media, Page, User, UserRef, UserSummary } from '../../domain/types';
import { UpstreamHttpClient, type UpstreamCallEvent, type UpstreamTimeouts } from '../../upstream/http';
import { parseWire } from '../../upstream/wire';
import type { UpstreamPolicy } from '../../upstream/resilience';
import { mapHikerApiError } from './errors';
import {
  normalizeHikerChunk,
  normalizeHikerLocation,
  normalizeHikerMedia,
  normalizeHikerUser,
  normalizeHikerUserSummary,
} from './normalize';
import {
  hikerLocationSchema,
  hikerMediaChunkSchema,
  hikerMediaListSchema,
  hikerMediaSchema,
  hikerUserSchema,
  hikerUserShortChunkSchema,
  hikerUserShortListSchema,
} from './schemas';

export const HIKERAPI_DEFAULT_BASE_URL = 'https://api.hikerapi.com';

export interface HikerApiOptions {
  apiKey: string;
  /** Defaults to https://api.hikerapi.com */
  baseUrl?: string;
  timeouts?: UpstreamTimeouts;
  connections?: number;
  onCall?: (event: UpstreamCallEvent) => void;
  /** Limits, retries and circuit breaking around each call. */
  policy?: UpstreamPolicy;
}

type Params = Record<string, string | undefined>;

export function createHikerApiProvider(options: HikerApiOptions): Provider {
  const http = new UpstreamHttpClient({
    provider: 'hikerapi',
    baseUrl: options.baseUrl ?? HIKERAPI_DEFAULT_BASE_URL,
    authHeaders: { 'x-access-key': options.apiKey },
    mapErrorResponse: mapHikerApiError,
    timeouts: options.timeouts,
    connections: options.connections,
    onCall: options.onCall,
    policy: options.policy,
  });

  async function get<S extends z.ZodType>(endpoint: string, params: Params, schema: S, call?: CallContext): Promise<z.output<S>> {
    const body = await http.getJson(endpoint, params, call);
    return parseWire(schema, body, { provider: 'hikerapi', endpoint });
  }

  async function user(endpoint: string, params: Params, call?: CallContext): Promise<User> {
    return normalizeHikerUser(await get(endpoint, params, hikerUserSchema, call));
  }

  async function media(endpoint: string, params: Params, call?: CallContext): Promise<Media> {
    return normalizeHikerMedia(await get(endpoint, params, hikerMediaSchema, call));
  }

  async function mediaPage(endpoint: string, params: Params, call?: CallContext): Promise<Page<Media>> {
    return normalizeHikerChunk(await get(endpoint, params, hikerMediaChunkSchema, call), normalizeHikerMedia);
  }

  async function userPage(endpoint: string, params: Params, call?: CallContext): Promise<Page<UserSummary>> {
    return normalizeHikerChunk(await get(endpoint, params, hikerUserShortChunkSchema, call), normalizeHikerUserSummary);
  }

  async function userSearch(endpoint: string, owner: UserRef, query: string, call?: CallContext): Promise<UserSummary[]> {
    // force=on: without it HikerAPI bills two requests per search.
    const users = await get(endpoint, { user_id: owner.pk, query, force: 'on' }, hikerUserShortListSchema, call);
    return users.map(normalizeHikerUserSummary);
  }

  // The first page is asked for without a cursor parameter at all.
  const cursorParam = (cursor: string | null): string | undefined => cursor ?? undefined;

  return {
    name: 'hikerapi',
    userByUsername: (username, call) => user('/v1/user/by/username', { username }, call),
    userByPk: (pk, call) => user('/v1/user/by/id', { id: pk }, call),
    userPosts: (owner, cursor, call) =>
      mediaPage('/v1/user/medias/chunk', { user_id: owner.pk, end_cursor: cursorParam(cursor) }, call),
    userReels: (owner, cursor, call) =>
      mediaPage('/v1/user/clips/chunk', { user_id: owner.pk, end_cursor: cursorParam(cursor) }, call),
    userTagged: (owner, cursor, call) =>
      mediaPage('/v1/user/tag/medias/chunk', { user_id: owner.pk, max_id: cursorParam(cursor) }, call),
    followers: (owner, cursor, call) =>
      userPage('/v1/user/followers/chunk', { user_id: owner.pk, max_id: cursorParam(cursor) }, call),
    following: (owner, cursor, call) =>
      userPage('/v1/user/following/chunk', { user_id: owner.pk, max_id: cursorParam(cursor) }, call),
    searchFollowers: (owner, query, call) => userSearch('/v1/user/search/followers', owner, query, call),
    searchFollowing: (owner, query, call) => userSearch('/v1/user/search/following', owner, query, call),
    pinnedMedia: async (owner, call) => {
      const items = await get('/v1/user/medias/pinned', { user_id: owner.pk }, hikerMediaListSchema, call);
      return items.map(normalizeHikerMedia);
    },
    mediaByCode: (code, call) => media('/v1/media/by/code', { code }, call),
    mediaByPk: (pk, call) => media('/v1/media/by/id', { id: pk }, call),
    locationByPk: async (pk, call) =>
      normalizeHikerLocation(await get('/v1/location/by/id', { id: pk }, hikerLocationSchema, call), pk),
    close: () => http.close(),
  };
}
