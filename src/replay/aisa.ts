import { commentCursor, commentCursorStart, digitString, rawHighlightReel } from './instagram';
import { ok, pageOf, RawJsonInteger, toBase64, fromBase64, type ReplayResponse, type RouteHandler } from './respond';
import type { AuthoredComment, WorldLocation, WorldMedia, WorldCarouselItem, WorldUser, WorldImageVersion, World } from './world';

/**
 * AIsa's Instagram endpoints over the fixture world. AIsa relays Instagram's own payloads: raw
 * mobile-API media for user/posts and user/reels, web GraphQL for profile and post. These shapes
 * are derived from the world's instagrapi objects, except the vendor examples kept verbatim.
 */

export const AISA_PAGE_SIZE = 12;
/** post/comments: "about 10 KB" a page, which is some 15 comments. */
export const AISA_COMMENT_PAGE_SIZE = 15;
const PROFILE_EDGE_COUNT = 12;

type Json = Record<string, unknown>;

/** The body AIsa documents for a status, used by faults that give no body. */
export function aisaErrorBody(status: number): unknown {
  switch (status) {
    case 400:
      return { error: 'request does not match the endpoint contract' };
    case 401:
      return { code: 'invalid_api_key', error: 'Invalid API key' };
    case 402:
      return {
        error: {
          code: 'insufficient_api_key_balance',
          message: 'The API key has insufficient balance for this request',
          retryable: false,
        },
      };
    case 404:
      return notFound('Not found').body;
    case 429:
      return { error: 'rate limited' };
    case 502:
      return { error: 'provider request failed' };
    case 503:
      return { error: 'service temporarily unavailable', retryable: true };
    case 504:
      return { error: 'provider timed out', retryable: true };
    default:
      return { error: 'provider request failed' };
  }
}

function notFound(message: string): ReplayResponse {
  return { status: 404, body: { success: false, error: 'not found', errorStatus: 404, message } };
}

export const aisaUnauthorized = (): ReplayResponse => ({ status: 401, body: aisaErrorBody(401) });
export const aisaUnknownPath = (): ReplayResponse => notFound('Unknown endpoint');
export const aisaMethodNotAllowed = (): ReplayResponse => ({ status: 405, body: { error: 'method not allowed' } });
const contractError = (): ReplayResponse => ({ status: 400, body: aisaErrorBody(400) });

/** A parameter AIsa requires: absent or blank fails the gateway's contract check. */
const requiredParam = (params: URLSearchParams, name: string): string | null => {
  const value = params.get(name)?.trim();
  return value ? value : null;
};

// ---------------------------------------------------------------- raw mobile-API shapes

function fbidOf(world: World, user: WorldUser): string {
  return world.account(String(user.pk)).fbid;
}

/** The `user` / `owner` object of a raw media item. */
function rawUser(world: World, user: WorldUser): Json {
  const pk = String(user.pk);
  return {
    fbid_v2: fbidOf(world, user),
    full_name: user.full_name,
    id: pk,
    is_private: user.is_private,
    is_unpublished: false,
    pk,
    pk_id: pk,
    strong_id__: pk,
    account_type: user.account_type,
    account_badges: [],
    has_anonymous_profile_picture: false,
    is_verified: user.is_verified,
    profile_pic_id: `3800000000000000000_${pk}`,
    profile_pic_url: user.profile_pic_url,
    username: user.username,
  };
}

/** The `user` object of user/posts. */
function postsUser(world: World, user: WorldUser): Json {
  return (
    world.aisaVerbatim.postsUser[String(user.pk)] ?? {
      pk: String(user.pk),
      pk_id: String(user.pk),
      full_name: user.full_name,
      is_private: user.is_private,
      strong_id__: String(user.pk),
      id: String(user.pk),
      username: user.username,
      is_verified: user.is_verified,
      profile_pic_id: `3800000000000000000_${user.pk}`,
      profile_pic_url: user.profile_pic_url,
    }
  );
}

const candidates = (versions: readonly WorldImageVersion[]): Json[] =>
  versions.map((version) => ({ width: version.width, height: version.height, url: version.url }));

function rawVideo(media: { video_versions: WorldMedia['video_versions'] }): Json[] {
  return media.video_versions.map((version) => ({
    bandwidth: null,
    height: version.height,
    type: version.type,
    url: version.url,
    width: version.width,
  }));
}

function rawLocation(location: WorldLocation): Json {
  return {
    pk: location.pk,
    short_name: location.name,
    facebook_places_id: location.external_id === null ? null : Number(location.external_id),
    external_source: 'facebook_places',
    name: location.name,
    address: location.address,
    city: location.city,
    has_viewer_saved: false,
    lng: location.lng,
    lat: location.lat,
    is_eligible_for_guides: true,
  };
}

function rawCarouselChild(child: WorldCarouselItem, ownerPk: string): Json {
  const [image] = child.image_versions;
  return {
    id: child.id,
    pk: new RawJsonInteger(child.pk),
    media_type: child.media_type,
    product_type: 'carousel_item',
    carousel_parent_id: child.carousel_parent_id ?? null,
    original_width: image?.width ?? null,
    original_height: image?.height ?? null,
    image_versions2: { candidates: candidates(child.image_versions) },
    ...(child.media_type === 2 ? { video_versions: rawVideo(child), video_duration: 15.0 } : {}),
    user: { pk: ownerPk },
  };
}

/** A raw Instagram mobile-API media item, as user/posts and user/reels relay it. */
export function rawMedia(world: World, media: WorldMedia): Json {
  const verbatim = world.aisaVerbatim.rawMedia[media.code];
  if (verbatim) return verbatim;
  const owner = world.userByPk(media.user.pk);
  if (!owner) throw new Error(`fixture world: media ${media.code} has unknown owner ${media.user.pk}`);
  const ownerPk = String(owner.pk);
  const isVideo = media.media_type === 2;
  const [image] = media.image_versions;
  return {
    id: media.id,
    pk: new RawJsonInteger(media.pk),
    code: media.code,
    media_type: media.media_type,
    taken_at: media.taken_at_ts,
    caption: media.caption_text
      ? {
          pk: String(BigInt(media.pk) % 100000000000000000n + 17800000000000000n),
          text: media.caption_text,
          created_at: media.taken_at_ts + 2,
          created_at_utc: media.taken_at_ts + 2,
          content_type: 'comment',
          media_id: media.pk,
          status: 'Active',
          type: 1,
          user_id: ownerPk,
        }
      : null,
    ...(isVideo ? { play_count: media.play_count, ig_play_count: media.play_count } : {}),
    comment_count: media.comment_count,
    like_count: media.like_count,
    like_and_view_counts_disabled: media.like_and_view_counts_disabled,
    display_uri: image?.url ?? null,
    user: rawUser(world, owner),
    owner: rawUser(world, owner),
    image_versions2: { candidates: candidates(media.image_versions) },
    original_width: image?.width ?? null,
    original_height: image?.height ?? null,
    product_type: media.product_type,
    is_paid_partnership: media.is_paid_partnership,
    ...(isVideo ? { video_versions: rawVideo(media), video_duration: media.video_duration, has_audio: true } : {}),
    ...(media.media_type === 8
      ? {
          carousel_media_count: media.resources.length,
          carousel_media: media.resources.map((child) => rawCarouselChild(child, ownerPk)),
        }
      : {}),
    ...(media.usertags.length > 0
      ? {
          usertags: {
            in: media.usertags.map((tag) => ({
              user: {
                pk: tag.user.pk,
                pk_id: tag.user.pk,
                id: tag.user.pk,
                username: tag.user.username,
                full_name: tag.user.full_name,
                is_private: tag.user.is_private,
                is_verified: tag.user.is_verified,
                profile_pic_url: tag.user.profile_pic_url,
              },
              position: [tag.x, tag.y],
              show_category_of_user: false,
            })),
          },
        }
      : {}),
    coauthor_producers: media.coauthor_producers.map((coauthor) => ({
      pk: String(coauthor.pk),
      pk_id: String(coauthor.pk),
      id: String(coauthor.pk),
      strong_id__: String(coauthor.pk),
      username: coauthor.username,
      full_name: coauthor.full_name,
      is_private: coauthor.is_private,
      is_verified: coauthor.is_verified,
      profile_pic_url: coauthor.profile_pic_url,
    })),
    location: media.location ? rawLocation(media.location) : null,
    url: `https://www.instagram.com/${media.product_type === 'clips' ? 'reel' : 'p'}/${media.code}/`,
  };
}

// ---------------------------------------------------------------- web GraphQL shapes

const typenameOf = (media: WorldMedia): string =>
  media.media_type === 8 ? 'GraphSidecar' : media.media_type === 2 ? 'GraphVideo' : 'GraphImage';

function webLocation(location: WorldLocation): Json {
  return {
    id: String(location.pk),
    has_public_page: true,
    name: location.name,
    slug: location.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    address_json: JSON.stringify({
      street_address: location.address,
      zip_code: '',
      city_name: location.city,
      region_name: '',
      country_code: '',
    }),
  };
}

function webCommon(media: WorldMedia): Json {
  const [image] = media.image_versions;
  const isVideo = media.media_type === 2;
  return {
    id: media.pk,
    shortcode: media.code,
    dimensions: { height: image?.height ?? 0, width: image?.width ?? 0 },
    display_url: image?.url ?? null,
    thumbnail_src: image?.url ?? null,
    is_video: isVideo,
    ...(isVideo
      ? { video_url: media.video_url, video_duration: media.video_duration, video_view_count: 0, video_play_count: media.play_count, has_audio: true }
      : {}),
    accessibility_caption: null,
    edge_media_to_tagged_user: {
      edges: media.usertags.map((tag) => ({
        node: {
          user: {
            id: tag.user.pk,
            username: tag.user.username,
            full_name: tag.user.full_name,
            is_verified: tag.user.is_verified,
            profile_pic_url: tag.user.profile_pic_url,
          },
          x: tag.x,
          y: tag.y,
        },
      })),
    },
    edge_media_to_caption: {
      edges: media.caption_text
        ? [{ node: { created_at: String(media.taken_at_ts + 2), text: media.caption_text, id: `178${media.pk.slice(-14)}` } }]
        : [],
    },
    comments_disabled: false,
    taken_at_timestamp: media.taken_at_ts,
    edge_media_preview_like: { count: media.like_count, edges: [] },
    location: media.location ? webLocation(media.location) : null,
    coauthor_producers: media.coauthor_producers.map((coauthor) => ({
      id: String(coauthor.pk),
      is_verified: coauthor.is_verified,
      profile_pic_url: coauthor.profile_pic_url,
      username: coauthor.username,
    })),
    product_type: media.product_type,
    like_and_view_counts_disabled: media.like_and_view_counts_disabled,
    is_paid_partnership: media.is_paid_partnership,
    ...(media.media_type === 8
      ? {
          edge_sidecar_to_children: {
            edges: media.resources.map((child) => ({
              node: {
                __typename: child.media_type === 2 ? 'XDTGraphVideo' : 'XDTGraphImage',
                id: child.pk,
                shortcode: media.code,
                dimensions: { height: child.image_versions[0]?.height ?? 0, width: child.image_versions[0]?.width ?? 0 },
                display_url: child.image_versions[0]?.url ?? child.thumbnail_url,
                is_video: child.media_type === 2,
                ...(child.media_type === 2 ? { video_url: child.video_url } : {}),
              },
            })),
          },
        }
      : {}),
  };
}

/** `data.xdt_shortcode_media` of /instagram/post. */
export function webMedia(world: World, media: WorldMedia): Json {
  const verbatim = world.aisaVerbatim.webMedia[media.code];
  if (verbatim) return verbatim;
  const owner = world.userByPk(media.user.pk);
  if (!owner) throw new Error(`fixture world: media ${media.code} has unknown owner ${media.user.pk}`);
  return {
    __typename: `XDT${typenameOf(media)}`,
    ...webCommon(media),
    owner: {
      id: String(owner.pk),
      username: owner.username,
      full_name: owner.full_name,
      is_private: owner.is_private,
      is_verified: owner.is_verified,
      profile_pic_url: owner.profile_pic_url,
      edge_owner_to_timeline_media: { count: owner.media_count },
      edge_followed_by: { count: owner.follower_count },
    },
    edge_media_to_parent_comment: { count: media.comment_count, page_info: { has_next_page: false, end_cursor: null }, edges: [] },
    edge_media_preview_comment: { count: media.comment_count, edges: [] },
    is_ad: false,
    is_affiliate: false,
  };
}

/** A node of the profile's `edge_owner_to_timeline_media`. */
function profileNode(media: WorldMedia): Json {
  return {
    __typename: typenameOf(media),
    ...webCommon(media),
    owner: { id: media.user.pk, username: media.user.username },
    edge_media_to_comment: { count: media.comment_count },
    edge_liked_by: { count: media.like_count },
  };
}

// ---------------------------------------------------------------- routes

const profileRoute: RouteHandler = (params, world) => {
  const handle = requiredParam(params, 'handle');
  if (handle === null) return contractError();
  const user = world.userByUsername(handle.replace(/^@/, ''));
  if (!user) return notFound(`User ${handle} not found`);
  const posts = user.is_private ? [] : world.mediaList(String(user.pk), 'posts');
  const latest = posts.slice(0, PROFILE_EDGE_COUNT);
  const hasMore = posts.length > latest.length;
  const emptyEdge = { count: 0, page_info: { has_next_page: false, end_cursor: null }, edges: [] };
  const body = {
    success: true,
    data: {
      user: {
        biography: user.biography,
        bio_links: [],
        biography_with_entities: { raw_text: user.biography, entities: [] },
        external_url: user.external_url,
        edge_followed_by: { count: user.follower_count },
        fbid: fbidOf(world, user),
        edge_follow: { count: user.following_count },
        full_name: user.full_name,
        id: String(user.pk),
        is_business_account: user.is_business,
        is_professional_account: user.account_type !== 1,
        business_address_json: null,
        category_name: user.category_name,
        is_private: user.is_private,
        is_verified: user.is_verified,
        profile_pic_url: user.profile_pic_url,
        profile_pic_url_hd: user.profile_pic_url_hd ?? user.profile_pic_url,
        username: user.username,
        edge_felix_video_timeline: emptyEdge,
        edge_owner_to_timeline_media: {
          count: user.media_count,
          page_info: {
            has_next_page: hasMore,
            end_cursor: hasMore ? toBase64(`QVF${latest.at(-1)?.pk ?? ''}`) : null,
          },
          edges: latest.map((media) => ({ node: profileNode(media) })),
        },
        edge_media_collections: emptyEdge,
        edge_related_profiles: { edges: [] },
      },
    },
  };
  return ok(body, (shaped) => [(shaped as { data: { user: unknown } }).data.user]);
};

const basicProfileRoute: RouteHandler = (params, world) => {
  const userId = requiredParam(params, 'userId');
  if (userId === null) return contractError();
  const user = world.userByPk(userId);
  if (!user) return notFound(`User ${userId} not found`);
  const pk = String(user.pk);
  return ok(
    {
      friendship_status: null,
      is_memorialized: false,
      is_private: user.is_private,
      bio_links: [],
      username: user.username,
      pk,
      profile_pic_url: user.profile_pic_url,
      hd_profile_pic_url_info: { url: user.profile_pic_url_hd ?? user.profile_pic_url },
      is_unpublished: false,
      biography: user.biography,
      full_name: user.full_name,
      is_verified: user.is_verified,
      account_type: user.account_type,
      follower_count: user.follower_count,
      is_business: user.is_business,
      category: user.category_name,
      external_url: user.external_url ?? '',
      fbid_v2: fbidOf(world, user),
      following_count: user.following_count,
      media_count: user.media_count,
      total_clips_count: user.is_private ? null : world.account(pk).reels.length,
      id: pk,
    },
    (shaped) => [shaped],
  );
};

/** user/posts: 12 a page; `next_max_id` is the last item's id, absent on the last page. */
const postsRoute: RouteHandler = (params, world) => {
  const handle = requiredParam(params, 'handle');
  if (handle === null) return contractError();
  const user = world.userByUsername(handle.replace(/^@/, ''));
  if (!user) return notFound(`User ${handle} not found`);
  const items = (shaped: unknown): unknown[] => (shaped as { items: unknown[] }).items;
  if (user.is_private) {
    return ok({ items: [], num_results: 0, more_available: false, user: postsUser(world, user) }, items);
  }
  const list = world.mediaList(String(user.pk), 'posts');
  const cursor = params.get('next_max_id')?.trim() ?? '';
  let start = 0;
  if (cursor !== '') {
    const index = list.findIndex((media) => media.id === cursor || media.pk === cursor.split('_')[0]);
    if (index < 0) return contractError();
    start = index + 1;
  }
  const page = pageOf(list, start, AISA_PAGE_SIZE);
  const last = page.items.at(-1);
  return ok(
    {
      items: page.items.map((media) => rawMedia(world, media)),
      ...(page.next !== null && last ? { next_max_id: last.id } : {}),
      num_results: page.items.length,
      more_available: page.next !== null,
      user: postsUser(world, user),
    },
    items,
  );
};

/** The user `user_id` or `handle` names (user_id first, as the spec advises), or AIsa's error. */
function userFromIdOrHandle(params: URLSearchParams, world: World): WorldUser | ReplayResponse {
  const userId = requiredParam(params, 'user_id');
  const handle = requiredParam(params, 'handle');
  if (userId === null && handle === null) return contractError();
  const user = userId !== null ? world.userByPk(userId) : world.userByUsername((handle ?? '').replace(/^@/, ''));
  return user ?? notFound(`User ${userId ?? handle} not found`);
}
const isUser = (value: WorldUser | ReplayResponse): value is WorldUser => 'username' in value;

/** user/reels in the shape the endpoint's description gives: items[].media plus paging_info. */
const reelsRoute: RouteHandler = (params, world) => {
  const user = userFromIdOrHandle(params, world);
  if (!isUser(user)) return user;
  const items = (shaped: unknown): unknown[] => (shaped as { items: { media: unknown }[] }).items.map((item) => item.media);
  if (user.is_private) return ok({ items: [], paging_info: { max_id: null, more_available: false } }, items);
  const list = world.mediaList(String(user.pk), 'reels');
  const cursor = params.get('max_id')?.trim() ?? '';
  let start = 0;
  if (cursor !== '') {
    const match = /^reels:(\d+):(\d+)$/.exec(fromBase64(cursor));
    const index = match && match[1] === String(user.pk) ? list.findIndex((media) => media.pk === match[2]) : -1;
    if (index < 0) return contractError();
    start = index + 1;
  }
  const page = pageOf(list, start, AISA_PAGE_SIZE);
  const last = page.items.at(-1);
  return ok(
    {
      items: page.items.map((media) => ({ media: rawMedia(world, media) })),
      paging_info: {
        max_id: page.next !== null && last ? toBase64(`reels:${user.pk}:${last.pk}`) : null,
        more_available: page.next !== null,
      },
    },
    items,
  );
};

const shortcodeFromUrl = (url: string): string | null =>
  /instagram\.com\/(?:[A-Za-z0-9._]+\/)?(?:p|reel|reels|tv)\/([A-Za-z0-9_-]+)/.exec(url)?.[1] ?? null;

/** The media the required `url` parameter points at, or the error AIsa answers. */
function mediaAtUrl(params: URLSearchParams, world: World): WorldMedia | ReplayResponse {
  const url = requiredParam(params, 'url');
  if (url === null) return contractError();
  const code = shortcodeFromUrl(url);
  return (code && world.mediaByCode(code)) || notFound(`Post ${code ?? url} not found`);
}
const isMedia = (value: WorldMedia | ReplayResponse): value is WorldMedia => 'code' in value;
const isPrivateMedia = (world: World, media: WorldMedia): boolean => world.userByPk(media.user.pk)?.is_private === true;

const postRoute: RouteHandler = (params, world) => {
  const media = mediaAtUrl(params, world);
  if (!isMedia(media)) return media;
  return ok(
    { data: { xdt_shortcode_media: webMedia(world, media) } },
    (shaped) => [(shaped as { data: { xdt_shortcode_media: unknown } }).data.xdt_shortcode_media],
  );
};

/** A comment as post/comments normalises it (the description lists `child_comment_count`; the example omits it). */
function aisaComment(world: World, comment: AuthoredComment): Json {
  return {
    id: comment.pk,
    text: comment.text,
    created_at: new Date(comment.created_at * 1000).toISOString(),
    comment_like_count: comment.like_count,
    child_comment_count: comment.child_comment_count,
    user: {
      is_verified: comment.user.is_verified,
      id: String(comment.user.pk),
      pk: String(comment.user.pk),
      is_unpublished: null,
      profile_pic_url: comment.user.profile_pic_url,
      username: comment.user.username,
      fbid_v2: fbidOf(world, comment.user),
    },
  };
}

/**
 * post/comments: 15 a page, `cursor` (Instagram's) until it is null. The example is the first page of its
 * reel, and its cursor leads on from there. A private account's post has no comments to show.
 */
const postCommentsRoute: RouteHandler = (params, world) => {
  const media = mediaAtUrl(params, world);
  if (!isMedia(media)) return media;
  const items = (shaped: unknown): unknown[] => (shaped as { comments: unknown[] }).comments;
  if (isPrivateMedia(world, media)) return ok({ success: true, comments: [], cursor: null }, items);
  const cursor = params.get('cursor')?.trim() ?? '';
  const verbatim = world.aisaVerbatim.commentPages[media.code];
  if (verbatim && cursor === '') return ok(verbatim, items);
  const comments = world.comments(media.pk);
  const start = verbatim && cursor === verbatim.cursor ? verbatim.comments.length : commentCursorStart(comments, media.pk, cursor);
  if (start === null) return contractError();
  const page = pageOf(comments, start, AISA_COMMENT_PAGE_SIZE);
  const last = page.items.at(-1);
  return ok(
    {
      success: true,
      comments: page.items.map((comment) => aisaComment(world, comment)),
      cursor: page.next !== null && last ? commentCursor(media.pk, last.pk) : null,
    },
    items,
  );
};

/** user/highlights: the albums with bare numeric ids; a private account shows none. */
const highlightsRoute: RouteHandler = (params, world) => {
  const user = userFromIdOrHandle(params, world);
  if (!isUser(user)) return user;
  const items = (shaped: unknown): unknown[] => (shaped as { highlights: unknown[] }).highlights;
  const verbatim = world.aisaVerbatim.highlights[String(user.pk)];
  if (verbatim) return ok(verbatim, items);
  const highlights = user.is_private ? [] : world.highlights(String(user.pk));
  return ok(
    {
      success: true,
      highlights: highlights.map((highlight) => ({
        __typename: 'GraphHighlightReel',
        id: highlight.id,
        cover_media: { thumbnail_src: highlight.cover_url },
        cover_media_cropped_thumbnail: { url: highlight.cover_url },
        owner: { __typename: 'GraphUser', id: String(user.pk), profile_pic_url: user.profile_pic_url, username: user.username },
        title: highlight.title,
      })),
    },
    items,
  );
};

/**
 * user/highlight/detail: one album with its raw story items (ids as strings, as in the example). Only the
 * bare id works: the prefixed `highlight:<id>`, like an unknown id or a private account's, is a 404.
 */
const highlightDetailRoute: RouteHandler = (params, world) => {
  const id = requiredParam(params, 'id');
  if (id === null) return contractError();
  const items = (shaped: unknown): unknown[] => (shaped as { items: unknown[] }).items;
  const verbatim = world.aisaVerbatim.highlightDetails[id];
  if (verbatim) return ok(verbatim, items);
  const found = world.highlight(id);
  if (!found || found.owner.is_private) {
    return notFound(`Highlight ${id} not found. It may have been deleted, or the account is private.`);
  }
  return ok({ success: true, ...rawHighlightReel(found.owner, found.highlight, digitString) }, items);
};

/**
 * media/transcript: the words spoken in a video. A photo or carousel is "400 bad_request" (in the documented
 * error shape); a video without speech, or a private account's, has no transcripts. (The world holds no video
 * over two minutes, the other documented 400.)
 */
const transcriptRoute: RouteHandler = (params, world) => {
  const media = mediaAtUrl(params, world);
  if (!isMedia(media)) return media;
  if (media.media_type !== 2) {
    return {
      status: 400,
      body: { success: false, error: 'bad_request', errorStatus: 400, message: `${media.code} is not a video: only videos and reels have transcripts` },
    };
  }
  const text = isPrivateMedia(world, media) ? undefined : world.transcript(media.pk);
  return ok(
    { success: true, transcripts: text === undefined ? [] : [{ id: media.pk, shortcode: media.code, text }] },
    (shaped) => (shaped as { transcripts: unknown[] }).transcripts,
  );
};

/** Routes by path below the base URL (`${origin}/apis/v1`). */
export const aisaRoutes: Readonly<Record<string, RouteHandler>> = {
  '/instagram/profile': profileRoute,
  '/instagram/basic-profile': basicProfileRoute,
  '/instagram/user/posts': postsRoute,
  '/instagram/user/reels': reelsRoute,
  '/instagram/post': postRoute,
  '/instagram/post/comments': postCommentsRoute,
  '/instagram/media/transcript': transcriptRoute,
  '/instagram/user/highlights': highlightsRoute,
  '/instagram/user/highlight/detail': highlightDetailRoute,
};
