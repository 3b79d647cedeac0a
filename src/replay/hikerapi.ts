import { z } from 'zod';
import type { MediaListKind, UserListKind } from '../domain/types';
import {
  bareNumber,
  commentCursor,
  commentCursorStart,
  digitString,
  rawHighlightReel,
  rawUserReel,
  type BigIdWriter,
} from './instagram';
import { fromBase64, jsonToken, ok, pageOf, readJsonToken, toBase64, type ReplayResponse, type RouteHandler } from './respond';
import type { AuthoredComment, LocationFeedKind, WorldMedia, WorldUser, WorldUserSummary, World } from './world';

/** HikerAPI v1 (FastAPI serving instagrapi models) over the fixture world. */

export const HIKERAPI_MEDIA_PAGE_SIZE = 12;
export const HIKERAPI_USER_PAGE_SIZE = 25;
/** "one request return 15 comments", as the endpoint's summary says. */
export const HIKERAPI_COMMENT_PAGE_SIZE = 15;

const detail = (status: number, message: string, excType: string): ReplayResponse => ({
  status,
  body: { detail: message, exc_type: excType },
});

/** The body HikerAPI documents for a status, used by faults that give no body. */
export function hikerapiErrorBody(status: number): unknown {
  switch (status) {
    case 401:
      return { detail: 'Invalid or missing access key', exc_type: 'InvalidAccessKey' };
    case 402:
      return { detail: 'Not enough funds on balance, please top up', exc_type: 'InsufficientFunds' };
    case 403:
      return PRIVATE_ACCOUNT.body;
    case 404:
      return { detail: 'Not found', exc_type: 'NotFoundError' };
    case 410:
      return { detail: 'This endpoint is retired', exc_type: 'EndpointRetired' };
    case 422:
      return missingParam('user_id').body;
    case 429:
      return { detail: 'Too many requests, slow down', exc_type: 'TooManyRequests' };
    case 500:
      return { detail: 'Internal server error', exc_type: 'ClientError' };
    case 503:
      return { detail: 'Service temporarily unavailable, retry later', exc_type: 'ServiceUnavailable' };
    case 504:
      return { detail: 'Instagram did not answer in time', exc_type: 'ClientRequestTimeout' };
    default:
      return { detail: `Error ${status}`, exc_type: 'ClientError' };
  }
}

export const hikerapiUnauthorized = (): ReplayResponse => ({ status: 401, body: hikerapiErrorBody(401) });
export const hikerapiUnknownPath = (): ReplayResponse => ({ status: 404, body: { detail: 'Not Found' } });
export const hikerapiMethodNotAllowed = (): ReplayResponse => ({ status: 405, body: { detail: 'Method Not Allowed' } });

const USER_NOT_FOUND = detail(404, 'User not found', 'UserNotFound');
const MEDIA_NOT_FOUND = detail(404, 'Media not found or unavailable', 'MediaNotFound');
const LOCATION_NOT_FOUND = detail(404, 'Location not found', 'LocationNotFound');
const PRIVATE_ACCOUNT = detail(403, 'User hid data using privacy settings', 'PrivateAccount');
const badCursor = (name: string): ReplayResponse => detail(400, `Invalid ${name}`, 'ClientBadRequestError');

function missingParam(name: string): ReplayResponse {
  return {
    status: 422,
    body: { detail: [{ type: 'missing', loc: ['query', name], msg: 'Field required', input: null }] },
  };
}

/** First missing required parameter as FastAPI reports it (an empty value is still present). */
function requireParams(params: URLSearchParams, names: readonly string[]): ReplayResponse | Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = params.get(name);
    if (value === null) return missingParam(name);
    values[name] = value;
  }
  return values;
}

const isResponse = (value: ReplayResponse | Record<string, string>): value is ReplayResponse =>
  typeof value.status === 'number';

/** FastAPI's 422 for a query parameter that does not parse as an integer. */
const notAnInteger = (name: string, input: string): ReplayResponse => ({
  status: 422,
  body: {
    detail: [{ type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input }],
  },
});

const TRUE_WORDS = ['1', 'true', 't', 'yes', 'y', 'on'];
const FALSE_WORDS = ['0', 'false', 'f', 'no', 'n', 'off'];

/** An optional boolean parameter as pydantic reads it: absent or empty is false, an unknown word a 422. */
function optionalFlag(params: URLSearchParams, name: string): boolean | ReplayResponse {
  const text = params.get(name);
  const word = text?.trim().toLowerCase() ?? '';
  if (word === '' || FALSE_WORDS.includes(word)) return false;
  if (TRUE_WORDS.includes(word)) return true;
  return {
    status: 422,
    body: { detail: [{ type: 'bool_parsing', loc: ['query', name], msg: 'Input should be a valid boolean, unable to interpret input', input: text }] },
  };
}

/**
 * How a v2 endpoint writes 64-bit ids: as Instagram does (bare numbers), or as strings with `safe_int`.
 * `force` ("skip account privacy check") is read but cannot reveal a private account's data.
 */
function v2IdWriter(params: URLSearchParams): BigIdWriter | ReplayResponse {
  const force = optionalFlag(params, 'force');
  if (typeof force !== 'boolean') return force;
  const safeInt = optionalFlag(params, 'safe_int');
  if (typeof safeInt !== 'boolean') return safeInt;
  return safeInt ? digitString : bareNumber;
}

/** An optional integer parameter: absent or empty gives `fallback`. */
function optionalInteger(params: URLSearchParams, name: string, fallback: number): number | ReplayResponse {
  const text = params.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  return Number.isInteger(value) ? value : notAnInteger(name, text);
}

/** instagrapi UserShort as follower/following lists serve it. */
export function listUserShort(user: WorldUser): WorldUserSummary {
  return {
    pk: String(user.pk),
    id: String(user.pk),
    username: user.username,
    full_name: user.full_name,
    profile_pic_url: user.profile_pic_url,
    is_private: user.is_private,
    is_verified: user.is_verified,
  };
}

/** The feed endpoints (medias, pinned, tagged) show play_count 0 even for reels; clips/chunk shows it. */
const feedMedia = (media: WorldMedia): WorldMedia => ({ ...media, play_count: 0, view_count: 0 });

const chunkItems = (body: unknown): unknown[] => (Array.isArray(body) && Array.isArray(body[0]) ? body[0] : []);
const listItems = (body: unknown): unknown[] => (Array.isArray(body) ? body : []);
const single = (body: unknown): unknown[] => [body];

/** Looks up `user_id` and refuses private accounts, as every list endpoint does. */
function visibleUser(world: World, userId: string): WorldUser | ReplayResponse {
  const user = world.userByPk(userId);
  if (!user) return USER_NOT_FOUND;
  if (user.is_private) return PRIVATE_ACCOUNT;
  return user;
}
const isUser = (value: WorldUser | ReplayResponse): value is WorldUser => 'username' in value;

function usernameFromUrl(url: string): string | null {
  const match = /instagram\.com\/([A-Za-z0-9._]+)\/?(?:[?#].*)?$/.exec(url.trim());
  return match?.[1] ?? null;
}

function userRoute(find: (world: World, value: string) => WorldUser | undefined, param: string): RouteHandler {
  return (params, world) => {
    const required = requireParams(params, [param]);
    if (isResponse(required)) return required;
    const user = find(world, required[param] ?? '');
    return user ? ok(user, single) : USER_NOT_FOUND;
  };
}

/** Medias and clips: 12 a page; `end_cursor` is the last item's id (medias) or an opaque token (clips). */
function mediaChunkRoute(kind: MediaListKind, cursorParam: 'end_cursor' | 'max_id'): RouteHandler {
  return (params, world) => {
    const required = requireParams(params, ['user_id']);
    if (isResponse(required)) return required;
    const user = visibleUser(world, required.user_id ?? '');
    if (!isUser(user)) return user;
    const list = world.mediaList(String(user.pk), kind);
    const cursor = params.get(cursorParam) ?? '';
    let start = 0;
    if (cursor !== '') {
      const lastPk = decodeMediaCursor(kind, String(user.pk), cursor);
      const index = list.findIndex((media) => media.pk === lastPk);
      if (index < 0) return badCursor(cursorParam);
      start = index + 1;
    }
    const page = pageOf(list, start, HIKERAPI_MEDIA_PAGE_SIZE);
    const last = page.items.at(-1);
    const next = page.next !== null && last ? encodeMediaCursor(kind, String(user.pk), last) : null;
    const items = kind === 'reels' ? page.items : page.items.map(feedMedia);
    return ok([items, next], chunkItems);
  };
}

function encodeMediaCursor(kind: MediaListKind, userPk: string, last: WorldMedia): string {
  if (kind === 'posts') return last.id;
  if (kind === 'tagged') return last.pk;
  return toBase64(`AQclips:${userPk}:${last.pk}`);
}

function decodeMediaCursor(kind: MediaListKind, userPk: string, cursor: string): string | null {
  if (kind === 'posts' || kind === 'tagged') return cursor.split('_')[0] ?? null;
  const match = /^AQclips:(\d+):(\d+)$/.exec(fromBase64(cursor));
  return match && match[1] === userPk ? (match[2] ?? null) : null;
}

/** Followers and following: 25 a page, `max_id` is the offset ("25", "50", ...). */
function userChunkRoute(kind: UserListKind): RouteHandler {
  return (params, world) => {
    const required = requireParams(params, ['user_id']);
    if (isResponse(required)) return required;
    const user = visibleUser(world, required.user_id ?? '');
    if (!isUser(user)) return user;
    const list = world.userList(String(user.pk), kind);
    const cursor = params.get('max_id') ?? '';
    const start = cursor === '' ? 0 : Number(cursor);
    if (!Number.isInteger(start) || start < 0 || start > list.length) return badCursor('max_id');
    const page = pageOf(list, start, HIKERAPI_USER_PAGE_SIZE);
    return ok([page.items.map(listUserShort), page.next === null ? null : String(page.next)], chunkItems);
  };
}

function searchRoute(kind: UserListKind): RouteHandler {
  return (params, world) => {
    const required = requireParams(params, ['user_id', 'query']);
    if (isResponse(required)) return required;
    const user = visibleUser(world, required.user_id ?? '');
    if (!isUser(user)) return user;
    const query = (required.query ?? '').toLowerCase();
    const matches = world
      .userList(String(user.pk), kind)
      .filter((candidate) => candidate.username.toLowerCase().includes(query) || candidate.full_name.toLowerCase().includes(query));
    return ok(matches.map(listUserShort), listItems);
  };
}

const pinnedRoute: RouteHandler = (params, world) => {
  const required = requireParams(params, ['user_id']);
  if (isResponse(required)) return required;
  const amount = optionalInteger(params, 'amount', 33);
  if (typeof amount !== 'number') return amount;
  const user = visibleUser(world, required.user_id ?? '');
  if (!isUser(user)) return user;
  const pinned = world.hikerapiVerbatim.pinned[String(user.pk)] ?? world.pinnedMedia(String(user.pk)).map(feedMedia);
  return ok(pinned.slice(0, Math.max(amount, 0)), listItems);
};

function mediaRoute(param: string, find: (world: World, value: string) => WorldMedia | undefined): RouteHandler {
  return (params, world) => {
    const required = requireParams(params, [param]);
    if (isResponse(required)) return required;
    const media = find(world, (required[param] ?? '').trim());
    return media ? ok(media, single) : MEDIA_NOT_FOUND;
  };
}

/** A media by `id` (a pk, or "pk_userpk"), refused as a private account's lists are. */
function visibleMedia(world: World, id: string): WorldMedia | ReplayResponse {
  const media = world.mediaByPk(id.trim().split('_')[0] ?? '');
  if (!media) return MEDIA_NOT_FOUND;
  return world.userByPk(media.user.pk)?.is_private ? PRIVATE_ACCOUNT : media;
}
const isMedia = (value: WorldMedia | ReplayResponse): value is WorldMedia => 'code' in value;

/** Epoch seconds as FastAPI writes instagrapi datetimes, e.g. "2025-09-16T17:03:04Z". */
const isoSeconds = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');

/** instagrapi `Comment`. */
const hikerComment = (comment: AuthoredComment): Record<string, unknown> => ({
  pk: comment.pk,
  text: comment.text,
  user: listUserShort(comment.user),
  created_at_utc: isoSeconds(comment.created_at),
  content_type: 'comment',
  status: 'Active',
  replied_to_comment_id: null,
  has_liked: false,
  like_count: comment.like_count,
});

/** Comments newest first, 15 a page; `max_id` is Instagram's cursor. `min_id` (newer comments) and threading are not modelled. */
const commentsChunkRoute: RouteHandler = (params, world) => {
  const required = requireParams(params, ['id']);
  if (isResponse(required)) return required;
  const media = visibleMedia(world, required.id ?? '');
  if (!isMedia(media)) return media;
  const comments = world.comments(media.pk);
  const start = commentCursorStart(comments, media.pk, params.get('max_id') ?? '');
  if (start === null) return badCursor('max_id');
  const page = pageOf(comments, start, HIKERAPI_COMMENT_PAGE_SIZE);
  const last = page.items.at(-1);
  const next = page.next !== null && last ? commentCursor(media.pk, last.pk) : null;
  return ok([page.items.map(hikerComment), next], chunkItems);
};

/** The whole likers list in one call, as plain UserShorts. */
const likersRoute: RouteHandler = (params, world) => {
  const required = requireParams(params, ['id']);
  if (isResponse(required)) return required;
  const media = visibleMedia(world, required.id ?? '');
  if (!isMedia(media)) return media;
  return ok(world.likers(media.pk).map(listUserShort), listItems);
};

const codeFromUrl = (url: string): string | null =>
  /instagram\.com\/(?:[A-Za-z0-9._]+\/)?(?:p|reel|reels|tv)\/([A-Za-z0-9_-]+)/.exec(url)?.[1] ?? null;

const locationRoute: RouteHandler = (params, world) => {
  const required = requireParams(params, ['id']);
  if (isResponse(required)) return required;
  const location = world.location(required.id ?? '');
  return location ? ok(location, single) : LOCATION_NOT_FOUND;
};

/** The "About this account" panel (`About`); it shows for private accounts too. */
const aboutRoute: RouteHandler = (params, world) => {
  const required = requireParams(params, ['id']);
  if (isResponse(required)) return required;
  const user = world.userByPk((required.id ?? '').trim());
  const about = user && world.about(String(user.pk));
  if (!user || !about) return USER_NOT_FOUND;
  return ok(
    {
      username: user.username,
      is_verified: user.is_verified,
      country: about.country,
      date: about.date,
      former_usernames: about.former_usernames,
    },
    single,
  );
};

/** Live stories, oldest first, in the mobile API's `{reel, status}`; `reel` is null without any. */
const storiesRoute: RouteHandler = (params, world) => {
  const required = requireParams(params, ['user_id']);
  if (isResponse(required)) return required;
  const bigId = v2IdWriter(params);
  if (typeof bigId !== 'function') return bigId;
  const user = visibleUser(world, (required.user_id ?? '').trim());
  if (!isUser(user)) return user;
  const reel = rawUserReel(user, world.stories(String(user.pk)), bigId);
  return ok({ reel, status: 'ok' }, (body) => (body as { reel: { items: unknown[] } | null }).reel?.items ?? []);
};

/**
 * The highlights tray (`PageResponse`: the raw tray under `response`, no further pages). The spec has no
 * endpoint for one highlight's items, so each tray entry carries its items and `media_ids`.
 */
const highlightsRoute: RouteHandler = (params, world) => {
  const required = requireParams(params, ['user_id']);
  if (isResponse(required)) return required;
  const amount = optionalInteger(params, 'amount', 20);
  if (typeof amount !== 'number') return amount;
  const bigId = v2IdWriter(params);
  if (typeof bigId !== 'function') return bigId;
  const user = visibleUser(world, (required.user_id ?? '').trim());
  if (!isUser(user)) return user;
  const tray = world
    .highlights(String(user.pk))
    .slice(0, Math.max(amount, 0))
    .map((highlight) => rawHighlightReel(user, highlight, bigId));
  return ok(
    { response: { tray, suggested_highlights: {}, highlights_tray_type: 'DEFAULT', status: 'ok' }, next_page_id: null },
    (body) => (body as { response: { tray: unknown[] } }).response.tray,
  );
};

const locationCursorSchema = z.object({ location_pk: z.string(), tab: z.string(), offset: z.number().int() });

/** Location feeds' `max_id`: opaque, naming the place, the tab and where the next page starts. */
const locationCursor = (locationPk: string, kind: LocationFeedKind, offset: number): string =>
  jsonToken({ location_pk: locationPk, tab: kind, offset });

function locationCursorStart(locationPk: string, kind: LocationFeedKind, cursor: string, length: number): number | null {
  if (cursor === '') return 0;
  const read = readJsonToken(cursor, locationCursorSchema);
  if (!read || read.location_pk !== locationPk || read.tab !== kind) return null;
  return read.offset > 0 && read.offset < length ? read.offset : null;
}

/** A location's recent or top media, 12 a page; `location_pk` is an integer, as the spec types it. */
function locationFeedRoute(kind: LocationFeedKind): RouteHandler {
  return (params, world) => {
    const required = requireParams(params, ['location_pk']);
    if (isResponse(required)) return required;
    const pkText = (required.location_pk ?? '').trim();
    if (!/^\d+$/.test(pkText)) return notAnInteger('location_pk', pkText);
    const location = world.location(String(BigInt(pkText)));
    if (!location) return LOCATION_NOT_FOUND;
    const locationPk = String(location.pk);
    const feed = world.locationFeed(locationPk, kind);
    const start = locationCursorStart(locationPk, kind, params.get('max_id') ?? '', feed.length);
    if (start === null) return badCursor('max_id');
    const page = pageOf(feed, start, HIKERAPI_MEDIA_PAGE_SIZE);
    const next = page.next === null ? null : locationCursor(locationPk, kind, page.next);
    return ok([page.items.map(feedMedia), next], chunkItems);
  };
}

export const hikerapiRoutes: Readonly<Record<string, RouteHandler>> = {
  '/v1/user/by/username': userRoute((world, username) => world.userByUsername(username.trim().replace(/^@/, '')), 'username'),
  '/v1/user/by/id': userRoute((world, id) => world.userByPk(id.trim()), 'id'),
  '/v1/user/by/url': userRoute((world, url) => {
    const username = usernameFromUrl(url);
    return username ? world.userByUsername(username) : undefined;
  }, 'url'),
  '/v1/user/about': aboutRoute,
  '/v1/user/medias/chunk': mediaChunkRoute('posts', 'end_cursor'),
  '/v1/user/clips/chunk': mediaChunkRoute('reels', 'end_cursor'),
  '/v1/user/tag/medias/chunk': mediaChunkRoute('tagged', 'max_id'),
  '/v1/user/followers/chunk': userChunkRoute('followers'),
  '/v1/user/following/chunk': userChunkRoute('following'),
  '/v1/user/search/followers': searchRoute('followers'),
  '/v1/user/search/following': searchRoute('following'),
  '/v1/user/medias/pinned': pinnedRoute,
  '/v1/media/by/code': mediaRoute('code', (world, code) => world.mediaByCode(code)),
  '/v1/media/by/id': mediaRoute('id', (world, id) => world.mediaByPk(id.split('_')[0] ?? '')),
  '/v1/media/by/url': mediaRoute('url', (world, url) => {
    const code = codeFromUrl(url);
    return code ? world.mediaByCode(code) : undefined;
  }),
  '/v1/media/comments/chunk': commentsChunkRoute,
  '/v1/media/likers': likersRoute,
  '/v2/user/stories': storiesRoute,
  '/v2/user/highlights': highlightsRoute,
  '/v1/location/by/id': locationRoute,
  '/v1/location/medias/recent/chunk': locationFeedRoute('recent'),
  '/v1/location/medias/top/chunk': locationFeedRoute('top'),
};
