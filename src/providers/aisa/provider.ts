import type { CallContext } from '../../domain/call';
import type { Provider } from '../../domain/provider';
import { shortcodeOfPk } from '../../domain/shortcode';
import type { Comment, Media, MediaRef, Page, User, UserRef } from '../../domain/types';
import { normalizeStoryItem } from '../instagram';
import { UpstreamNotFoundError, UpstreamPrivateAccountError } from '../../upstream/errors';
import { UpstreamHttpClient, type UpstreamCallEvent, type UpstreamTimeouts } from '../../upstream/http';
import { wireGetter, type GetWire } from '../../upstream/wire';
import type { UpstreamPolicy } from '../../upstream/resilience';
import { mapAisaError } from './errors';
import {
  normalizeAisaComments,
  normalizeAisaHighlights,
  normalizeBasicProfile,
  normalizeTranscript,
  normalizeUserPosts,
  normalizeUserReels,
  normalizeWebMedia,
  normalizeWebUser,
} from './normalize';
import {
  aisaBasicProfileSchema,
  aisaHighlightDetailSchema,
  aisaHighlightsSchema,
  aisaPostCommentsSchema,
  aisaPostSchema,
  aisaProfileSchema,
  aisaTranscriptSchema,
  aisaUserPostsSchema,
  aisaUserReelsSchema,
} from './schemas';

export const AISA_DEFAULT_BASE_URL = 'https://api.aisa.one/apis/v1';

export const AISA_ENDPOINTS = {
  profile: '/instagram/profile',
  basicProfile: '/instagram/basic-profile',
  userPosts: '/instagram/user/posts',
  userReels: '/instagram/user/reels',
  post: '/instagram/post',
  postComments: '/instagram/post/comments',
  transcript: '/instagram/media/transcript',
  highlights: '/instagram/user/highlights',
  highlightDetail: '/instagram/user/highlight/detail',
} as const;

export interface AisaOptions {
  apiKey: string;
  /** Defaults to https://api.aisa.one/apis/v1. */
  baseUrl?: string;
  timeouts?: UpstreamTimeouts;
  connections?: number;
  onCall?: (event: UpstreamCallEvent) => void;
  /** Limits, retries and circuit breaking around each call. */
  policy?: UpstreamPolicy;
}

const PROVIDER = 'aisa';


/** A 200 carrying the declared error envelope (`success: false`) is the error its errorStatus names (502 without one). */
function envelopeErrorStatus(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || !('success' in body) || body.success !== false) return undefined;
  return 'errorStatus' in body && typeof body.errorStatus === 'number' ? body.errorStatus : 502;
}

/** AIsa answers a private account's lists as an empty page whose `user` says it is private. */
function assertNotPrivate(endpoint: string, user: UserRef, body: { items: unknown[]; user?: { is_private?: boolean | null } | null }): void {
  if (body.items.length === 0 && body.user?.is_private === true) {
    throw new UpstreamPrivateAccountError(`aisa ${endpoint}: @${user.username} is a private account`, {
      provider: PROVIDER,
      endpoint,
      status: 200,
    });
  }
}

function notFound(endpoint: string, what: string): UpstreamNotFoundError {
  return new UpstreamNotFoundError(`aisa ${endpoint}: no ${what}`, { provider: PROVIDER, endpoint, status: 200 });
}

async function userByUsername(get: GetWire, username: string, call?: CallContext): Promise<User> {
  const body = await get(AISA_ENDPOINTS.profile, { handle: username }, aisaProfileSchema, call);
  if (body.data.user === null) throw notFound(AISA_ENDPOINTS.profile, `user @${username}`);
  return normalizeWebUser(body.data.user);
}

async function userPosts(get: GetWire, user: UserRef, cursor: string | null, call?: CallContext): Promise<Page<Media>> {
  const params = { handle: user.username, next_max_id: cursor ?? undefined };
  const body = await get(AISA_ENDPOINTS.userPosts, params, aisaUserPostsSchema, call);
  assertNotPrivate(AISA_ENDPOINTS.userPosts, user, body);
  return normalizeUserPosts(body, user);
}

async function userReels(get: GetWire, user: UserRef, cursor: string | null, call?: CallContext): Promise<Page<Media>> {
  const params = { user_id: user.pk, max_id: cursor ?? undefined };
  const body = await get(AISA_ENDPOINTS.userReels, params, aisaUserReelsSchema, call);
  assertNotPrivate(AISA_ENDPOINTS.userReels, user, body);
  return normalizeUserReels(body, user);
}

/** AIsa addresses a media by its URL. */
const postUrl = (code: string): string => `https://www.instagram.com/p/${code}/`;

async function mediaByCode(get: GetWire, code: string, call?: CallContext): Promise<Media> {
  const body = await get(AISA_ENDPOINTS.post, { url: postUrl(code) }, aisaPostSchema, call);
  const media = body.data?.xdt_shortcode_media ?? body.xdt_shortcode_media;
  if (!media) throw notFound(AISA_ENDPOINTS.post, `post ${code}`);
  return normalizeWebMedia(media);
}

async function comments(get: GetWire, media: MediaRef, cursor: string | null, call?: CallContext): Promise<Page<Comment>> {
  const params = { url: postUrl(media.code), cursor: cursor ?? undefined };
  return normalizeAisaComments(await get(AISA_ENDPOINTS.postComments, params, aisaPostCommentsSchema, call), media.pk);
}

/**
 * AIsa serves profiles, posts, reels, single posts (by code, and by pk through its shortcode),
 * comments, transcripts and highlights; it has no followers, following, tagged, pinned, search,
 * likers, location, about or stories endpoints, so those Provider methods stay undefined.
 */
export function createAisaProvider(options: AisaOptions): Provider {
  const client = new UpstreamHttpClient({
    provider: PROVIDER,
    baseUrl: options.baseUrl ?? AISA_DEFAULT_BASE_URL,
    authHeaders: { authorization: `Bearer ${options.apiKey}` },
    mapErrorResponse: mapAisaError,
    errorStatusOf: envelopeErrorStatus,
    timeouts: options.timeouts,
    connections: options.connections,
    onCall: options.onCall,
    policy: options.policy,
  });
  const get = wireGetter(client);

  return {
    name: PROVIDER,
    userByUsername: (username, call) => userByUsername(get, username, call),
    userByPk: async (pk, call) => normalizeBasicProfile(await get(AISA_ENDPOINTS.basicProfile, { userId: pk }, aisaBasicProfileSchema, call)),
    userPosts: (user, cursor, call) => userPosts(get, user, cursor, call),
    userReels: (user, cursor, call) => userReels(get, user, cursor, call),
    mediaByCode: (code, call) => mediaByCode(get, code, call),
    // AIsa has no lookup by pk, but a pk is its shortcode in Instagram's base-64 alphabet.
    mediaByPk: (pk, call) => mediaByCode(get, shortcodeOfPk(pk), call),
    comments: (media, cursor, call) => comments(get, media, cursor, call),
    transcript: async (media, call) =>
      normalizeTranscript(await get(AISA_ENDPOINTS.transcript, { url: postUrl(media.code) }, aisaTranscriptSchema, call)),
    // The albums without items: each one's items take a highlight/detail call.
    userHighlights: async (pk, call) =>
      normalizeAisaHighlights(await get(AISA_ENDPOINTS.highlights, { user_id: pk }, aisaHighlightsSchema, call), pk),
    highlightItems: async (id, call) =>
      (await get(AISA_ENDPOINTS.highlightDetail, { id }, aisaHighlightDetailSchema, call)).items.map(normalizeStoryItem),
    close: () => client.close(),
  };
}
