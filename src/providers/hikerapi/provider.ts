import type { z } from 'zod';
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
  /** Before each exchange; may throw to refuse it. */
  beforeCall?: () => void;
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
    beforeCall: options.beforeCall,
    policy: options.policy,
  });

  async function get<S extends z.ZodType>(endpoint: string, params: Params, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
    const body = await http.getJson(endpoint, params, signal);
    return parseWire(schema, body, { provider: 'hikerapi', endpoint });
  }

  async function user(endpoint: string, params: Params, signal?: AbortSignal): Promise<User> {
    return normalizeHikerUser(await get(endpoint, params, hikerUserSchema, signal));
  }

  async function media(endpoint: string, params: Params, signal?: AbortSignal): Promise<Media> {
    return normalizeHikerMedia(await get(endpoint, params, hikerMediaSchema, signal));
  }

  async function mediaPage(endpoint: string, params: Params, signal?: AbortSignal): Promise<Page<Media>> {
    return normalizeHikerChunk(await get(endpoint, params, hikerMediaChunkSchema, signal), normalizeHikerMedia);
  }

  async function userPage(endpoint: string, params: Params, signal?: AbortSignal): Promise<Page<UserSummary>> {
    return normalizeHikerChunk(await get(endpoint, params, hikerUserShortChunkSchema, signal), normalizeHikerUserSummary);
  }

  async function userSearch(endpoint: string, owner: UserRef, query: string, signal?: AbortSignal): Promise<UserSummary[]> {
    // force=on: without it HikerAPI bills two requests per search.
    const users = await get(endpoint, { user_id: owner.pk, query, force: 'on' }, hikerUserShortListSchema, signal);
    return users.map(normalizeHikerUserSummary);
  }

  // The first page is asked for without a cursor parameter at all.
  const cursorParam = (cursor: string | null): string | undefined => cursor ?? undefined;

  return {
    name: 'hikerapi',
    userByUsername: (username, signal) => user('/v1/user/by/username', { username }, signal),
    userByPk: (pk, signal) => user('/v1/user/by/id', { id: pk }, signal),
    userPosts: (owner, cursor, signal) =>
      mediaPage('/v1/user/medias/chunk', { user_id: owner.pk, end_cursor: cursorParam(cursor) }, signal),
    userReels: (owner, cursor, signal) =>
      mediaPage('/v1/user/clips/chunk', { user_id: owner.pk, end_cursor: cursorParam(cursor) }, signal),
    userTagged: (owner, cursor, signal) =>
      mediaPage('/v1/user/tag/medias/chunk', { user_id: owner.pk, max_id: cursorParam(cursor) }, signal),
    followers: (owner, cursor, signal) =>
      userPage('/v1/user/followers/chunk', { user_id: owner.pk, max_id: cursorParam(cursor) }, signal),
    following: (owner, cursor, signal) =>
      userPage('/v1/user/following/chunk', { user_id: owner.pk, max_id: cursorParam(cursor) }, signal),
    searchFollowers: (owner, query, signal) => userSearch('/v1/user/search/followers', owner, query, signal),
    searchFollowing: (owner, query, signal) => userSearch('/v1/user/search/following', owner, query, signal),
    pinnedMedia: async (owner, signal) => {
      const items = await get('/v1/user/medias/pinned', { user_id: owner.pk }, hikerMediaListSchema, signal);
      return items.map(normalizeHikerMedia);
    },
    mediaByCode: (code, signal) => media('/v1/media/by/code', { code }, signal),
    mediaByPk: (pk, signal) => media('/v1/media/by/id', { id: pk }, signal),
    locationByPk: async (pk, signal) =>
      normalizeHikerLocation(await get('/v1/location/by/id', { id: pk }, hikerLocationSchema, signal), pk),
    close: () => http.close(),
  };
}
