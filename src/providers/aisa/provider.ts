import type { CallContext } from '../../domain/call';
import type { Provider } from '../../domain/provider';
import type { Media, Page, User, UserRef } from '../../domain/types';
import { UpstreamNotFoundError, UpstreamPrivateAccountError } from '../../upstream/errors';
import { UpstreamHttpClient, type UpstreamCallEvent, type UpstreamTimeouts } from '../../upstream/http';
import { parseWire } from '../../upstream/wire';
import type { UpstreamPolicy } from '../../upstream/resilience';
import { mapAisaError } from './errors';
import {
  normalizeBasicProfile,
  normalizeUserPosts,
  normalizeUserReels,
  normalizeWebMedia,
  normalizeWebUser,
} from './normalize';
import { aisaBasicProfileSchema, aisaPostSchema, aisaProfileSchema, aisaUserPostsSchema, aisaUserReelsSchema } from './schemas';

export const AISA_DEFAULT_BASE_URL = 'https://api.aisa.one/apis/v1';

export const AISA_ENDPOINTS = {
  profile: '/instagram/profile',
  basicProfile: '/instagram/basic-profile',
  userPosts: '/instagram/user/posts',
  userReels: '/instagram/user/reels',
  post: '/instagram/post',
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

/** Replace every occurrence of a secret in the strings of a parsed body. */
/** A 200 carrying the declared error envelope (`success: false`) is the error its errorStatus names (502 without one). */
function envelopeErrorStatus(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || !('success' in body) || body.success !== false) return undefined;
  return 'errorStatus' in body && typeof body.errorStatus === 'number' ? body.errorStatus : 502;
}

/**
 * AIsa serves profiles, posts, reels and single posts; it has no followers, following, tagged,
 * pinned, search or location endpoints, so those Provider methods stay undefined.
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


  function assertNotPrivate(
    endpoint: string,
    user: UserRef,
    body: { items: unknown[]; user?: { is_private?: boolean | null } | null },
  ): void {
    if (body.items.length === 0 && body.user?.is_private === true) {
      throw new UpstreamPrivateAccountError(`aisa ${endpoint}: @${user.username} is a private account`, {
        provider: PROVIDER,
        endpoint,
        status: 200,
      });
    }
  }

  return {
    name: PROVIDER,

    async userByUsername(username: string, call?: CallContext): Promise<User> {
      const endpoint = AISA_ENDPOINTS.profile;
      const body = parseWire(aisaProfileSchema, await client.getJson(endpoint, { handle: username }, call), {
        provider: PROVIDER,
        endpoint,
      });
      if (body.data.user === null) {
        throw new UpstreamNotFoundError(`aisa ${endpoint}: no user @${username}`, { provider: PROVIDER, endpoint, status: 200 });
      }
      return normalizeWebUser(body.data.user);
    },

    async userByPk(pk: string, call?: CallContext): Promise<User> {
      const endpoint = AISA_ENDPOINTS.basicProfile;
      const body = parseWire(aisaBasicProfileSchema, await client.getJson(endpoint, { userId: pk }, call), {
        provider: PROVIDER,
        endpoint,
      });
      return normalizeBasicProfile(body);
    },

    async userPosts(user: UserRef, cursor: string | null, call?: CallContext): Promise<Page<Media>> {
      const endpoint = AISA_ENDPOINTS.userPosts;
      const params = { handle: user.username, next_max_id: cursor ?? undefined };
      const body = parseWire(aisaUserPostsSchema, await client.getJson(endpoint, params, call), { provider: PROVIDER, endpoint });
      assertNotPrivate(endpoint, user, body);
      return normalizeUserPosts(body, user);
    },

    async userReels(user: UserRef, cursor: string | null, call?: CallContext): Promise<Page<Media>> {
      const endpoint = AISA_ENDPOINTS.userReels;
      const params = { user_id: user.pk, max_id: cursor ?? undefined };
      const body = parseWire(aisaUserReelsSchema, await client.getJson(endpoint, params, call), { provider: PROVIDER, endpoint });
      assertNotPrivate(endpoint, user, body);
      return normalizeUserReels(body, user);
    },

    async mediaByCode(code: string, call?: CallContext): Promise<Media> {
      const endpoint = AISA_ENDPOINTS.post;
      const params = { url: `https://www.instagram.com/p/${code}/` };
      const body = parseWire(aisaPostSchema, await client.getJson(endpoint, params, call), { provider: PROVIDER, endpoint });
      const media = body.data?.xdt_shortcode_media ?? body.xdt_shortcode_media;
      if (!media) {
        throw new UpstreamNotFoundError(`aisa ${endpoint}: no post ${code}`, { provider: PROVIDER, endpoint, status: 200 });
      }
      return normalizeWebMedia(media);
    },

    close(): Promise<void> {
      return client.close();
    },
  };
}
