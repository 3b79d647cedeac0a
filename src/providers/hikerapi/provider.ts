import type { CallContext } from '../../domain/call';
import type { Provider } from '../../domain/provider';
import { MAX_HIGHLIGHTS, type Media, type Page, type User, type UserRef, type UserSummary } from '../../domain/types';
import { UpstreamHttpClient, type UpstreamCallEvent, type UpstreamTimeouts } from '../../upstream/http';
import { wireGetter, type GetWire, type WireParams as Params } from '../../upstream/wire';
import type { UpstreamPolicy } from '../../upstream/resilience';
import { mapHikerApiError } from './errors';
import {
  normalizeHikerAbout,
  normalizeHikerChunk,
  normalizeHikerComment,
  normalizeHikerHighlights,
  normalizeHikerLocation,
  normalizeHikerMedia,
  normalizeHikerStories,
  normalizeHikerUser,
  normalizeHikerUserSummary,
} from './normalize';
import {
  hikerAboutSchema,
  hikerCommentChunkSchema,
  hikerHighlightsTraySchema,
  hikerLocationSchema,
  hikerMediaChunkSchema,
  hikerMediaListSchema,
  hikerMediaSchema,
  hikerStoriesSchema,
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


function endpoints(get: GetWire) {
  return {
    user: async (endpoint: string, params: Params, call?: CallContext): Promise<User> =>
      normalizeHikerUser(await get(endpoint, params, hikerUserSchema, call)),
    media: async (endpoint: string, params: Params, call?: CallContext): Promise<Media> =>
      normalizeHikerMedia(await get(endpoint, params, hikerMediaSchema, call)),
    mediaPage: async (endpoint: string, params: Params, call?: CallContext): Promise<Page<Media>> =>
      normalizeHikerChunk(await get(endpoint, params, hikerMediaChunkSchema, call), normalizeHikerMedia),
    userPage: async (endpoint: string, params: Params, call?: CallContext): Promise<Page<UserSummary>> =>
      normalizeHikerChunk(await get(endpoint, params, hikerUserShortChunkSchema, call), normalizeHikerUserSummary),
    userSearch: async (endpoint: string, owner: UserRef, query: string, call?: CallContext): Promise<UserSummary[]> => {
      // force=on: without it HikerAPI bills two requests per search.
      const users = await get(endpoint, { user_id: owner.pk, query, force: 'on' }, hikerUserShortListSchema, call);
      return users.map(normalizeHikerUserSummary);
    },
  };
}

// The first page is asked for without a cursor parameter at all.
const cursorParam = (cursor: string | null): string | undefined => cursor ?? undefined;

type EngagementOperations =
  | 'locationRecentMedia'
  | 'locationTopMedia'
  | 'comments'
  | 'likers'
  | 'userAbout'
  | 'userStories'
  | 'userHighlights';

/** Comments, likers, location feeds and account details (media by pk, users and locations by pk). */
function engagementEndpoints(get: GetWire): Required<Pick<Provider, EngagementOperations>> {
  const { mediaPage } = endpoints(get);
  return {
    locationRecentMedia: (locationPk, cursor, call) =>
      mediaPage('/v1/location/medias/recent/chunk', { location_pk: locationPk, max_id: cursorParam(cursor) }, call),
    locationTopMedia: (locationPk, cursor, call) =>
      mediaPage('/v1/location/medias/top/chunk', { location_pk: locationPk, max_id: cursorParam(cursor) }, call),
    comments: async (media, cursor, call) => {
      const chunk = await get('/v1/media/comments/chunk', { id: media.pk, max_id: cursorParam(cursor) }, hikerCommentChunkSchema, call);
      return normalizeHikerChunk(chunk, (comment) => normalizeHikerComment(comment, media.pk));
    },
    likers: async (media, call) =>
      (await get('/v1/media/likers', { id: media.pk }, hikerUserShortListSchema, call)).map(normalizeHikerUserSummary),
    userAbout: async (pk, call) => normalizeHikerAbout(await get('/v1/user/about', { id: pk }, hikerAboutSchema, call)),
    userStories: async (pk, call) => normalizeHikerStories(await get('/v2/user/stories', { user_id: pk }, hikerStoriesSchema, call)),
    // The tray carries each highlight's items: one call for highlights with items.
    userHighlights: async (pk, call) => {
      const body = await get('/v2/user/highlights', { user_id: pk, amount: String(MAX_HIGHLIGHTS) }, hikerHighlightsTraySchema, call);
      return normalizeHikerHighlights(body.response.tray, pk);
    },
  };
}

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
  const get = wireGetter(http);
  const { user, media, mediaPage, userPage, userSearch } = endpoints(get);

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
    pinnedMedia: async (owner, call) =>
      (await get('/v1/user/medias/pinned', { user_id: owner.pk }, hikerMediaListSchema, call)).map(normalizeHikerMedia),
    mediaByCode: (code, call) => media('/v1/media/by/code', { code }, call),
    mediaByPk: (pk, call) => media('/v1/media/by/id', { id: pk }, call),
    locationByPk: async (pk, call) =>
      normalizeHikerLocation(await get('/v1/location/by/id', { id: pk }, hikerLocationSchema, call), pk),
    ...engagementEndpoints(get),
    close: () => http.close(),
  };
}
