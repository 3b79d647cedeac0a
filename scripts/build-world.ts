/**
 * Generates fixtures/world/world.json, the replay upstream's fixture world.
 * Deterministic: a seeded generator around the vendors' example objects, which are embedded verbatim.
 * Run: npx tsx scripts/build-world.ts
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import type {
  AccountLists,
  WorldComment,
  WorldHighlight,
  WorldStoryItem,
  WorldCoauthor,
  WorldLocation,
  WorldMedia,
  WorldCarouselItem,
  WorldUser,
  WorldUserSummary,
  WorldImageVersion,
  WorldVideoVersion,
  WorldFile,
} from '../src/replay/world';

const examplesDir = new URL('../fixtures/examples/', import.meta.url);
const outDir = new URL('../fixtures/world/', import.meta.url);

function example<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, examplesDir), 'utf8')) as T;
}

type Chunk = [WorldMedia[], string | null];
const natgeoProfile = example<WorldUser>('hikerapi/user-by-username.json');
const natgeoMediasPage = example<Chunk>('hikerapi/user-medias-chunk.json');
const natgeoPinned = example<WorldMedia[]>('hikerapi/user-medias-pinned.json');
const clipsPage = example<Chunk>('hikerapi/user-clips-chunk.json');
const tagPage = example<Chunk>('hikerapi/user-tag-medias-chunk.json');
const followersPage = example<[WorldUserSummary[], string | null]>('hikerapi/user-followers-chunk.json');
const followingPage = example<[WorldUserSummary[], string | null]>('hikerapi/user-following-chunk.json');
const searchFollowers = example<WorldUserSummary[]>('hikerapi/user-search-followers.json');
const searchFollowing = example<WorldUserSummary[]>('hikerapi/user-search-following.json');
type Json = Record<string, unknown>;
const aisaPosts = example<{ items: Json[]; user: Json; next_max_id: string }>('aisa/user-posts.json');
const aisaReels = example<{ items: Json[] }>('aisa/user-reels.json');
const aisaPost = example<{ data: { xdt_shortcode_media: Json } }>('aisa/post.json');
interface AisaCommentsExample {
  comments: { id: string; text: string; created_at: string; comment_like_count: number; user: { pk: string; username: string; profile_pic_url: string; fbid_v2: string; is_verified: boolean } }[];
  cursor: string;
}
const aisaComments = example<AisaCommentsExample & Json>('aisa/post-comments.json');
const aisaTranscript = example<{ transcripts: { id: string; shortcode: string; text: string }[] }>('aisa/media-transcript.json');
const aisaHighlights = example<{ highlights: { id: string; title: string; owner: { id: string } }[] } & Json>('aisa/user-highlights.json');
interface AisaHighlightDetailExample {
  id: string;
  title: string;
  created_at: number;
  cover_media: { cropped_image_version: { url: string } };
  items: {
    pk: string; code: string; media_type: 1 | 2; taken_at: number; video_duration: number;
    image_versions2: { candidates: { url: string; width: number; height: number }[] };
    video_versions: { url: string }[];
  }[];
}
const aisaHighlightDetail = example<AisaHighlightDetailExample & Json>('aisa/user-highlight-detail.json');

// ---------------------------------------------------------------- deterministic randomness

interface Draws {
  random(): number;
  between(low: number, high: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: a small seeded generator, so the world is the same on every run. */
function seededDraws(start: number): Draws {
  let seed = start;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    random,
    between: (low, high) => low + Math.floor(random() * (high - low + 1)),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(random() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

/** The original world's draws. Their sequence fixes every existing user, media and list: never add a draw from them. */
const base = seededDraws(0x1f2e3d4c);
const { random, between, pick } = base;
/** Draws for everything added since (engagement, location feeds, about, stories, highlights). */
const extra = seededDraws(0x51d3c0de);

// ---------------------------------------------------------------- ids

const SHORTCODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function shortcodeOf(pk: bigint): string {
  let code = '';
  for (let rest = pk; rest > 0n; rest /= 64n) code = SHORTCODE_ALPHABET[Number(rest % 64n)] + code;
  return code;
}
const INSTAGRAM_EPOCH_MS = 1314220021721n;
let mediaSequence = 1;
/** Instagram media pks are (ms since its epoch) << 23 plus a sequence; codes encode the pk. */
function mediaPkAt(epochSeconds: number): bigint {
  mediaSequence += 1;
  return ((BigInt(epochSeconds) * 1000n - INSTAGRAM_EPOCH_MS) << 23n) + BigInt(mediaSequence * 977);
}
const isoOf = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');

// ---------------------------------------------------------------- users

const users = new Map<string, WorldUser>();
const fbids = new Map<string, string>();

interface UserSeed {
  pk: number;
  username: string;
  full_name: string;
  is_private?: boolean;
  is_verified?: boolean;
  biography?: string;
  external_url?: string | null;
  account_type?: number;
  category_name?: string | null;
  follower_count?: number;
  following_count?: number;
  media_count?: number;
  profile_pic_url?: string;
  fbid?: string;
}

/** Users whose counts are set from their lists once the world is built. */
const countsFromLists = new Set<string>();

function addUser(userSeed: UserSeed): WorldUser {
  const key = String(userSeed.pk);
  const existing = users.get(key);
  if (existing) return existing;
  const business = userSeed.account_type === 2;
  const user: WorldUser = {
    pk: userSeed.pk,
    username: userSeed.username,
    full_name: userSeed.full_name,
    is_private: userSeed.is_private ?? false,
    profile_pic_url:
      userSeed.profile_pic_url ?? `https://scontent-iad3-1.cdninstagram.com/v/t51.2885-19/${userSeed.pk}_profile_n.jpg`,
    profile_pic_url_hd: null,
    is_verified: userSeed.is_verified ?? false,
    media_count: userSeed.media_count ?? 0,
    follower_count: userSeed.follower_count ?? 0,
    following_count: userSeed.following_count ?? 0,
    biography: userSeed.biography ?? '',
    external_url: userSeed.external_url ?? null,
    account_type: userSeed.account_type ?? 1,
    is_business: business,
    public_email: '',
    contact_phone_number: '',
    public_phone_country_code: '',
    public_phone_number: '',
    business_contact_method: business ? 'UNKNOWN' : null,
    business_category_name: null,
    category_name: userSeed.category_name ?? null,
    category: userSeed.category_name ?? '',
    address_street: '',
    city_id: '0',
    city_name: '',
    latitude: null,
    longitude: null,
    zip: '',
    instagram_location_id: '',
    interop_messaging_user_fbid: 110000000000000 + userSeed.pk,
  };
  users.set(key, user);
  fbids.set(key, userSeed.fbid ?? `178414${String(userSeed.pk).padStart(11, '0')}`);
  if (userSeed.follower_count === undefined) countsFromLists.add(key);
  return user;
}

const userShort = (user: WorldUser): WorldUserSummary => ({
  pk: String(user.pk),
  id: String(user.pk),
  username: user.username,
  full_name: user.full_name,
  profile_pic_url: user.profile_pic_url,
  profile_pic_url_hd: null,
  is_private: user.is_private,
  is_verified: user.is_verified,
});

function coauthorOf(user: WorldUser): WorldCoauthor {
  return {
    strong_id__: String(user.pk),
    pk: user.pk,
    pk_id: String(user.pk),
    id: String(user.pk),
    username: user.username,
    full_name: user.full_name,
    is_private: user.is_private,
    is_verified: user.is_verified,
    profile_pic_id: `3800000000000000000_${user.pk}`,
    profile_pic_url: user.profile_pic_url,
  };
}

function userNamed(username: string): WorldUser {
  for (const user of users.values()) if (user.username === username) return user;
  throw new Error(`no user ${username}`);
}

// The vendors' example accounts.
const natgeo = natgeoProfile;
users.set(String(natgeo.pk), natgeo);
fbids.set(String(natgeo.pk), '17841400185361411');

const natgeoanimals = addUser({
  pk: 1029649300, username: 'natgeoanimals', full_name: 'National Geographic Animals', is_verified: true,
  biography: 'Experience the wonders of the animal kingdom 🐾', external_url: 'http://natgeo.com/animals',
  account_type: 2, category_name: 'Media/news company', follower_count: 23418270, following_count: 24, media_count: 8942,
});
const natgeotv = addUser({
  pk: 18091046, username: 'natgeotv', full_name: 'National Geographic TV', is_verified: true,
  biography: 'Official account of National Geographic TV. Stream on Disney+ and Hulu.', account_type: 2,
  category_name: 'TV network', follower_count: 5123007, following_count: 31, media_count: 6123,
});
const natgeotravel = addUser({
  pk: 23947096, username: 'natgeotravel', full_name: 'National Geographic Travel', is_verified: true,
  biography: 'Travel the world with National Geographic ✈️', account_type: 2, category_name: 'Travel company',
  follower_count: 43702311, following_count: 145, media_count: 22764,
});
const natgeoscience = addUser({
  pk: 414805671, username: 'natgeoscience', full_name: 'National Geographic Science', is_verified: true,
  biography: 'Science, explained.', account_type: 2, category_name: 'Science website',
  follower_count: 2403117, following_count: 18, media_count: 1722,
});
const disney = addUser({
  pk: 284634734, username: 'disney', full_name: 'Disney', is_verified: true, account_type: 2,
  category_name: 'Entertainment website', follower_count: 38800145, following_count: 120, media_count: 7911,
});
const jane = addUser({
  pk: 21393171, username: 'jane', full_name: 'Jane Williamson', is_verified: true,
  biography: 'just a girl from utah 🏔️ | comedy', account_type: 3, category_name: 'Digital creator',
  follower_count: 1565363, following_count: 12, media_count: 1599,
  profile_pic_url: 'https://scontent-lga3-2.cdninstagram.com/v/t51.2885-19/482782944_496357423346018_5818268903424754264_n.jpg',
  fbid: '17841400515130334',
});
const carson = addUser({
  pk: 59042353222, username: 'carsoncantcode', full_name: 'Carson Szeder', is_verified: true,
  biography: 'sports clips + code', account_type: 3, category_name: 'Digital creator',
  follower_count: 88412, following_count: 9,
  profile_pic_url: 'https://scontent-lga3-3.cdninstagram.com/v/t51.2885-19/431903885_797859762202050_7017850157267325892_n.jpg',
  fbid: '17841459076660294',
});
const hiddenTrails = addUser({
  pk: 51234567890, username: 'hidden.trails', full_name: 'Hidden Trails', is_private: true,
  biography: 'friends only', media_count: 48,
});
const quietObserver = addUser({
  pk: 61234567001, username: 'quiet.observer', full_name: 'Quiet Observer', biography: 'I only watch.',
});
const coralcam = addUser({
  pk: 7021889345, username: 'coralcam', full_name: 'Coral Cam 🐠', is_verified: true,
  biography: 'Daily reef reels from around the world', account_type: 3, category_name: 'Video creator',
  external_url: 'https://coralcam.example', follower_count: 1284330, following_count: 20,
});
addUser({ pk: 10506924608, username: 'jamescameronofficial', full_name: 'James Cameron', is_verified: true, account_type: 3, follower_count: 1920114, following_count: 87 });
addUser({ pk: 6033455441, username: 'wellness_byflor', full_name: 'Flor | Wellness' });
addUser({ pk: 5944090666, username: 'homeswithgrantevans', full_name: 'Grant Evans' });

// Every account the HikerAPI examples mention, with what the examples say about it.
const exampleRefs: WorldUserSummary[] = [
  ...followersPage[0], ...followingPage[0], ...searchFollowers, ...searchFollowing,
  ...[...natgeoMediasPage[0], ...natgeoPinned, ...clipsPage[0], ...tagPage[0]].flatMap((media) => [
    media.user,
    ...media.usertags.map((tag) => tag.user),
    ...media.coauthor_producers.map((coauthor) => ({ ...coauthor, pk: String(coauthor.pk) }) as WorldUserSummary),
  ]),
];
for (const ref of exampleRefs) {
  addUser({
    pk: Number(ref.pk), username: ref.username, full_name: ref.full_name, is_private: ref.is_private,
    is_verified: ref.is_verified, account_type: ref.is_verified ? 2 : 1,
    ...(ref.profile_pic_url ? { profile_pic_url: ref.profile_pic_url } : {}),
  });
}

const FIRST_NAMES = ['Ana', 'Kai', 'Mira', 'Leo', 'Noor', 'Ivan', 'Sofia', 'Tariq', 'Yuki', 'Ola', 'Ravi', 'Lena', 'Mateo', 'Zara', 'Finn', 'Amara', 'Jonas', 'Priya', 'Emil', 'Chloe'];
const LAST_NAMES = ['Silva', 'Moreau', 'Okafor', 'Tanaka', 'Berg', 'Rossi', 'Haddad', 'Novak', 'Kim', 'Lopez', 'Walsh', 'Singh', 'Dubois', 'Meyer', 'Costa'];
const HANDLE_WORDS = ['wild', 'lens', 'trail', 'ocean', 'summit', 'field', 'north', 'desert', 'river', 'canopy', 'tide', 'ember', 'frost', 'dune', 'fern', 'orbit', 'coast', 'peak'];

let generatedPk = 40100000000;
function addGeneratedUser(username: string, overrides: Partial<UserSeed> = {}): WorldUser {
  generatedPk += between(1000, 90000);
  return addUser({
    pk: generatedPk, username,
    full_name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
    biography: `${pick(HANDLE_WORDS)} stories, ${pick(HANDLE_WORDS)} light`,
    ...overrides,
  });
}

// natgeo's first followers: public creators who post reels.
const creators = [
  'wild.lens.ana', 'trailrunner.kai', 'mira.underwater', 'leo.shoots.birds', 'noor.in.the.field',
  'ivan.northlight', 'sofia.sails', 'tariq.desertlens', 'yuki.snowframes', 'ola.riverwild',
].map((username) => addGeneratedUser(username, { account_type: 3, category_name: 'Photographer' }));
const fans = Array.from({ length: 120 }, (_, index) =>
  addGeneratedUser(`${pick(HANDLE_WORDS)}_${pick(HANDLE_WORDS)}.${100 + index}`, { is_private: index % 5 === 3 }),
);
const photographers = Array.from({ length: 190 }, (_, index) =>
  addGeneratedUser(`${pick(FIRST_NAMES).toLowerCase()}${pick(LAST_NAMES).toLowerCase()}photo${index}`, {
    is_verified: index % 4 === 0, account_type: 3, category_name: 'Photographer',
  }),
);

// ---------------------------------------------------------------- locations

const locations = new Map<string, WorldLocation>();
for (const media of tagPage[0]) if (media.location) locations.set(String(media.location.pk), media.location);
const PLACES: [string, string, string, number, number][] = [
  ['Yellowstone National Park', '', 'Wyoming', 44.4280, -110.5885],
  ['Serengeti National Park', '', 'Tanzania', -2.3333, 34.8333],
  ['Great Barrier Reef', '', 'Queensland, Australia', -18.2871, 147.6992],
  ['Banff National Park', '224 Banff Ave', 'Banff, Alberta', 51.4968, -115.9281],
  ['Torres del Paine', '', 'Magallanes, Chile', -50.9423, -73.4068],
  ['Kyoto, Japan', '', 'Kyoto', 35.0116, 135.7681],
];
function addPlace([name, address, city, lat, lng]: (typeof PLACES)[number], index: number): WorldLocation {
  const pk = 213000000 + index * 7919;
  const location: WorldLocation = {
    pk, name, phone: '', website: '', category: '', hours: {}, address, city, zip: null, lng, lat,
    external_id: String(108000000000000 + pk), external_id_source: 'facebook_places',
  };
  locations.set(String(pk), location);
  return location;
}
PLACES.forEach(addPlace);
const locationList = [...locations.values()];

// ---------------------------------------------------------------- media

const media = new Map<string, WorldMedia>();
const CDN = 'https://scontent-iad3-1.cdninstagram.com';
const imageVersion = (pk: string, width: number, height: number): WorldImageVersion => ({
  estimated_scans_sizes: [40000, 80000, 120000], height, scans_profile: 'e35',
  url: `${CDN}/v/t51.2885-15/${pk}_n.jpg`, width, is_spatial_image: false,
});
const videoVersion = (pk: string): WorldVideoVersion => ({
  bandwidth: 1500000, height: 1280, id: `${pk.slice(0, 15)}v`, type: 101,
  url: `${CDN}/o1/v/t16/f2/m86/${pk}.mp4`, url_expiration_timestamp_us: null, width: 720, fallback: null,
});

type MediaKind = 'photo' | 'video' | 'reel' | 'carousel';
interface MediaSeed {
  owner: WorldUser;
  takenAt: number;
  kind: MediaKind;
  caption: string;
  location?: WorldLocation | null;
  tagged?: WorldUser[];
  coauthors?: WorldUser[];
  popularity: number;
  pk?: bigint;
  paidPartnership?: boolean;
}

/** Adds a media; `draws` gives its counts, so media added later draw from `extra`, never from `base`. */
function addMedia(mediaSeed: MediaSeed, draws: Draws = base): WorldMedia {
  const pkNumber = mediaSeed.pk ?? mediaPkAt(mediaSeed.takenAt);
  const pk = String(pkNumber);
  const ownerPk = String(mediaSeed.owner.pk);
  const isVideo = mediaSeed.kind === 'video' || mediaSeed.kind === 'reel';
  const likes = Math.round(mediaSeed.popularity * (0.5 + draws.random()));
  const plays = isVideo ? likes * draws.between(12, 40) : 0;
  const resources: WorldCarouselItem[] =
    mediaSeed.kind === 'carousel'
      ? Array.from({ length: draws.between(2, 4) }, (_, index) => {
          const childPk = String(pkNumber - BigInt((index + 1) * 104729));
          const childIsVideo = index === 1;
          return {
            pk: childPk, id: `${childPk}_${ownerPk}`,
            video_url: childIsVideo ? videoVersion(childPk).url : null,
            thumbnail_url: imageVersion(childPk, 1080, 1350).url,
            media_type: childIsVideo ? 2 : 1, product_type: 'carousel_item',
            image_versions: [imageVersion(childPk, 1080, 1350)],
            video_versions: childIsVideo ? [videoVersion(childPk)] : [],
            preview: null, carousel_parent_id: `${pk}_${ownerPk}`, commerciality_status: 'not_commercial',
            taken_at: mediaSeed.takenAt,
          };
        })
      : [];
  const tall = mediaSeed.kind === 'reel';
  const item: WorldMedia = {
    pk, id: `${pk}_${ownerPk}`, code: shortcodeOf(pkNumber),
    taken_at: isoOf(mediaSeed.takenAt), taken_at_ts: mediaSeed.takenAt,
    media_type: mediaSeed.kind === 'carousel' ? 8 : isVideo ? 2 : 1,
    product_type: mediaSeed.kind === 'carousel' ? 'carousel_container' : mediaSeed.kind === 'reel' ? 'clips' : 'feed',
    thumbnail_url: mediaSeed.kind === 'carousel' ? null : imageVersion(pk, 750, 1333).url,
    location: mediaSeed.location ?? null,
    user: userShort(mediaSeed.owner),
    comment_count: Math.round(likes * (0.005 + draws.random() * 0.02)),
    comments_disabled: false,
    like_count: likes,
    play_count: plays,
    has_liked: false,
    caption_text: mediaSeed.caption,
    accessibility_caption: null,
    usertags: (mediaSeed.tagged ?? []).map((user, index) => ({
      user: userShort(user), x: Math.round((0.2 + index * 0.15) * 1000) / 1000, y: Math.round((0.3 + draws.random() * 0.5) * 1000) / 1000,
    })),
    sponsor_tags: [],
    video_url: isVideo ? videoVersion(pk).url : null,
    view_count: 0,
    video_duration: isVideo ? Math.round((12 + draws.random() * 80) * 1000) / 1000 : 0.0,
    title: '',
    resources,
    image_versions: [
      resources[0]?.image_versions[0] ?? imageVersion(pk, tall ? 750 : 1080, tall ? 1333 : 1350),
    ],
    video_versions: isVideo ? [videoVersion(pk)] : [],
    like_and_view_counts_disabled: false,
    coauthor_producers: (mediaSeed.coauthors ?? []).map(coauthorOf),
    is_paid_partnership: mediaSeed.paidPartnership ?? false,
  };
  media.set(pk, item);
  return item;
}

const CAPTIONS = [
  'A quiet morning before the herd moves on.', 'Light breaks over the ridge after three days of rain.',
  'Field notes: the smallest creatures keep the biggest systems running.', 'Watch how the tide rewrites the shore twice a day.',
  'Behind the scenes on our latest expedition 🎥', 'Can you spot the second animal in this frame?',
  'Ice, wind and patience.', 'Every reef is a city. This one never sleeps 🐠', 'Golden hour, 40 km from the nearest road.',
  'Migration season is here.', 'Photograph by our team in the field. Link in bio for the full story.',
];
const caption = (draws: Draws = base): string => `${draws.pick(CAPTIONS)} #${draws.pick(HANDLE_WORDS)}`;

function kindFor(index: number, pattern: readonly MediaKind[]): MediaKind {
  const kind = pattern[index % pattern.length];
  if (!kind) throw new Error('empty pattern');
  return kind;
}

function series(owner: WorldUser, options: {
  count: number; newest: number; spacingHours: number; pattern: readonly MediaKind[]; popularity: number;
  coauthors?: WorldUser[]; tagPool?: WorldUser[];
}): void {
  for (let index = 0; index < options.count; index += 1) {
    const takenAt = options.newest - index * options.spacingHours * 3600 - between(0, 3000);
    addMedia({
      owner, takenAt, kind: kindFor(index, options.pattern), caption: caption(), popularity: options.popularity,
      location: index % 3 === 0 ? pick(locationList) : null,
      tagged: options.tagPool && index % 4 === 1 ? [pick(options.tagPool)] : [],
      coauthors: options.coauthors && index % 9 === 4 ? [pick(options.coauthors)] : [],
      paidPartnership: index % 17 === 16,
    });
  }
}

// Vendor example media, verbatim in HikerAPI's shape. The feed examples show play_count 0
// (HikerAPI's trap); the world keeps the real count, as clips/chunk shows it.
const realPlays: Record<string, number> = { DWllQsJCPX_: 1912044, DVbPBu5AESi: 2731190 };
// The pinned example repeats the medias example's items with other CDN hosts; it is kept apart.
for (const example of [...natgeoMediasPage[0], ...clipsPage[0], ...tagPage[0]]) {
  if (media.has(example.pk)) continue;
  media.set(example.pk, { ...example, play_count: realPlays[example.code] ?? example.play_count });
}

// AIsa example media, stored in HikerAPI's shape with the example's values.
function fromAisaRaw(raw: Json, owner: WorldUser, extra: { duration: number; productType: string }): WorldMedia {
  const [pk] = String(raw.id).split('_');
  if (!pk) throw new Error('bad example id');
  const caption = raw.caption as { text: string } | null;
  const takenAt = Number(raw.taken_at);
  const made = addMedia({ owner, takenAt, kind: 'reel', caption: caption?.text ?? '', popularity: 1, pk: BigInt(pk) });
  Object.assign(made, {
    like_count: Number(raw.like_count), comment_count: Number(raw.comment_count), play_count: Number(raw.play_count),
    video_duration: extra.duration, product_type: extra.productType,
  });
  return made;
}
const carsonExample = aisaPosts.items[0];
const janeReelExample = aisaReels.items[0];
const janePostExample = aisaPost.data.xdt_shortcode_media;
if (!carsonExample || !janeReelExample) throw new Error('AIsa examples missing items');
fromAisaRaw(carsonExample, carson, { duration: Number(carsonExample.video_duration), productType: 'clips' });
fromAisaRaw(janeReelExample, jane, { duration: 91.383, productType: 'clips' });
const janePost = addMedia({
  owner: jane, takenAt: Number(janePostExample.taken_at_timestamp), kind: 'reel', popularity: 1,
  caption: (janePostExample.edge_media_to_caption as { edges: { node: { text: string } }[] }).edges[0]?.node.text ?? '',
  pk: BigInt(String(janePostExample.id)),
});
Object.assign(janePost, {
  like_count: (janePostExample.edge_media_preview_like as { count: number }).count,
  comment_count: (janePostExample.edge_media_to_parent_comment as { count: number }).count,
  play_count: Number(janePostExample.video_play_count), video_duration: Number(janePostExample.video_duration),
});

// Generated media.
const APRIL_4_2026 = 1775300000;
const natgeoFamily = [natgeoanimals, natgeotravel, natgeoscience, natgeotv];
const natgeoPhotographers = [userNamed('christiehemmklok'), ...photographers.slice(0, 6)];
series(natgeo, {
  count: 44, newest: APRIL_4_2026, spacingHours: 21, popularity: 60000,
  pattern: ['reel', 'reel', 'photo', 'reel', 'carousel', 'reel', 'reel', 'video', 'reel', 'photo', 'reel'],
  coauthors: natgeoFamily, tagPool: natgeoPhotographers,
});
series(natgeoanimals, { count: 22, newest: APRIL_4_2026 - 5000, spacingHours: 30, popularity: 40000, pattern: ['reel', 'reel', 'photo', 'reel', 'carousel'], coauthors: [natgeo] });
series(natgeotv, { count: 10, newest: APRIL_4_2026 - 9000, spacingHours: 40, popularity: 9000, pattern: ['reel', 'video', 'photo'] });
series(natgeotravel, { count: 14, newest: APRIL_4_2026 - 12000, spacingHours: 28, popularity: 30000, pattern: ['carousel', 'photo', 'reel'], tagPool: photographers.slice(6, 20) });
series(natgeoscience, { count: 8, newest: APRIL_4_2026 - 20000, spacingHours: 50, popularity: 8000, pattern: ['photo', 'reel'] });
series(coralcam, { count: 86, newest: APRIL_4_2026 - 40000, spacingHours: 14, popularity: 15000, pattern: ['reel', 'reel', 'reel', 'reel', 'reel', 'reel', 'reel', 'reel', 'reel', 'reel', 'reel', 'reel', 'photo'] });
series(jane, { count: 28, newest: 1752000000, spacingHours: 60, popularity: 30000, pattern: ['reel', 'reel', 'photo', 'reel', 'carousel'] });
series(carson, { count: 10, newest: 1748600000, spacingHours: 12, popularity: 40, pattern: ['reel'] });
// Carson's 12th post has the pk of the example's next_max_id, so the first page's cursor matches the doc.
const carsonCursorPk = BigInt(aisaPosts.next_max_id.split('_')[0] ?? '0');
addMedia({ owner: carson, takenAt: Number((carsonCursorPk >> 23n) + INSTAGRAM_EPOCH_MS) / 1000 | 0, kind: 'reel', caption: 'Top 5 plays from the conference final', popularity: 40, pk: carsonCursorPk });
series(carson, { count: 20, newest: 1748000000, spacingHours: 16, popularity: 35, pattern: ['reel', 'reel', 'reel', 'photo'] });
creators.forEach((creator, index) => {
  series(creator, { count: 3 + (index % 3) + 2, newest: APRIL_4_2026 - 3600 * (index + 2), spacingHours: 70, popularity: 900, pattern: ['reel', 'photo', 'reel', 'reel', 'carousel'] });
});
// natgeo's tagged media: posts by others that tag natgeo.
for (let index = 0; index < 38; index += 1) {
  const owner = index % 3 === 0 ? pick(creators) : pick(photographers);
  addMedia({
    owner, takenAt: APRIL_4_2026 - index * 26 * 3600 - between(0, 5000), kind: index % 5 === 2 ? 'carousel' : index % 7 === 3 ? 'reel' : 'photo',
    caption: `${caption()} @natgeo`, popularity: 700, location: pick(locationList),
    tagged: index % 4 === 0 ? [natgeo, pick(natgeoFamily)] : [natgeo],
  });
}
for (let index = 0; index < 6; index += 1) {
  addMedia({
    owner: pick(fans), takenAt: APRIL_4_2026 - index * 50 * 3600, kind: 'photo', caption: caption(), popularity: 120,
    location: pick(locationList), tagged: [natgeoanimals],
  });
}

// ---------------------------------------------------------------- media added later (drawn from `extra`)

// The media of AIsa's comments and transcript examples, so both are reachable. Their pks decode from the codes.
const SHORTCODE_VALUE = (code: string): bigint => [...code].reduce((pk, char) => pk * 64n + BigInt(SHORTCODE_ALPHABET.indexOf(char)), 0n);
const takenAtOfPk = (pk: bigint): number => Math.floor(Number((pk >> 23n) + INSTAGRAM_EPOCH_MS) / 1000);
function addExampleReel(code: string, owner: WorldUser, caption: string, popularity: number): WorldMedia {
  const pk = SHORTCODE_VALUE(code);
  return addMedia({ owner, takenAt: takenAtOfPk(pk), kind: 'reel', caption, popularity, pk }, extra);
}
// The comments example names no media: it belongs to the reel of the spec's `url` parameter example.
const COMMENTS_EXAMPLE_CODE = 'DOq6eV6iIgD';
const commentedReel = addExampleReel(COMMENTS_EXAMPLE_CODE, natgeotv, 'Who says a dog cannot be a best friend to an owl? 🦉🐶 #friendship', 40000);
const transcriptExample = aisaTranscript.transcripts[0];
if (!transcriptExample) throw new Error('AIsa transcript example has no transcript');
const transcribedReel = addExampleReel(transcriptExample.shortcode, jane, 'the perfect bunzel does not exist... or does it 🥨', 30000);

// The author of the comments example, so every comment author is a world user.
const exampleCommenter = aisaComments.comments[0]?.user;
if (!exampleCommenter) throw new Error('AIsa comments example has no comment');
addUser({
  pk: Number(exampleCommenter.pk), username: exampleCommenter.username, full_name: 'Catherina Thijs',
  is_verified: exampleCommenter.is_verified, profile_pic_url: exampleCommenter.profile_pic_url, fbid: exampleCommenter.fbid_v2,
});

// Two places with three or more pages of recent media, all by small public accounts.
const FEED_PLACES: (typeof PLACES)[number][] = [
  ['Monterey Bay Aquarium', '886 Cannery Row', 'Monterey, California', 36.6182, -121.9019],
  ['Cape Point', '', 'Cape Town, South Africa', -34.3568, 18.4969],
];
const feedPosters = [...photographers.slice(60), ...fans.filter((fan) => !fan.is_private)];
const FEED_KINDS: readonly MediaKind[] = ['photo', 'photo', 'reel', 'carousel', 'photo', 'reel'];
const feedPlaces = FEED_PLACES.map((place, index) => addPlace(place, PLACES.length + index));
locationList.push(...feedPlaces);
feedPlaces.forEach((place, placeIndex) => {
  let takenAt = APRIL_4_2026 - 3600 * (placeIndex + 1);
  for (let index = 0; index < 38 - placeIndex * 6; index += 1) {
    takenAt -= extra.between(2, 30) * 3600;
    addMedia({
      owner: extra.pick(feedPosters), takenAt, kind: kindFor(index, FEED_KINDS), caption: caption(extra),
      popularity: extra.pick([150, 400, 900, 2500]), location: place,
    }, extra);
  }
});

// A private account's posts: they exist, but every list, comment and liker call is refused.
const privatePosts = [
  addMedia({ owner: hiddenTrails, takenAt: APRIL_4_2026 - 9 * 86400, kind: 'photo', caption: 'trail day with the crew', popularity: 400 }, extra),
  addMedia({ owner: hiddenTrails, takenAt: APRIL_4_2026 - 20 * 86400, kind: 'reel', caption: 'summit sunrise', popularity: 400 }, extra),
];

// ---------------------------------------------------------------- lists

const accounts: Record<string, AccountLists> = {};
for (const [pk] of users) {
  accounts[pk] = { fbid: fbids.get(pk) ?? '', posts: [], reels: [], tagged: [], pinned: [], followers: [], following: [] };
}
const lists = (user: WorldUser): AccountLists => {
  const found = accounts[String(user.pk)];
  if (!found) throw new Error(`no account for ${user.username}`);
  return found;
};

const newestFirst = [...media.values()].sort((a, b) => b.taken_at_ts - a.taken_at_ts || (BigInt(b.pk) > BigInt(a.pk) ? 1 : -1));
for (const item of newestFirst) {
  // Collab posts appear on every coauthor's grid and reels tab too.
  const featured = new Set([item.user.pk, ...item.coauthor_producers.map((coauthor) => String(coauthor.pk))]);
  for (const pk of featured) {
    const account = accounts[pk];
    if (!account) throw new Error(`media ${item.code} features unknown user ${pk}`);
    account.posts.push(item.pk);
    if (item.product_type === 'clips') account.reels.push(item.pk);
  }
  for (const tag of item.usertags) accounts[tag.user.pk]?.tagged.push(item.pk);
}

// Pinned posts lead the grid. natgeo's are the example's, in its order.
const natgeoLists = lists(natgeo);
natgeoLists.pinned = natgeoPinned.map((item) => item.pk);
natgeoLists.posts = [...natgeoLists.pinned, ...natgeoLists.posts.filter((pk) => !natgeoLists.pinned.includes(pk))];
// natgeoanimals' reels tab starts with the clips example, in its order (it includes natgeo reels).
const animalLists = lists(natgeoanimals);
const clipsExamplePks = clipsPage[0].map((item) => item.pk);
animalLists.reels = [...clipsExamplePks, ...animalLists.reels.filter((pk) => !clipsExamplePks.includes(pk))];

// Follow graph: each follow adds the followee to the follower's list and vice versa.
function follow(follower: WorldUser, followee: WorldUser): void {
  if (follower === followee) return;
  const following = lists(follower).following;
  const followeePk = String(followee.pk);
  if (following.includes(followeePk)) return;
  following.push(followeePk);
  lists(followee).followers.push(String(follower.pk));
}

const exampleFollowers = followersPage[0].map((ref) => userNamed(ref.username));
const searchFollowerUsers = searchFollowers.map((ref) => userNamed(ref.username));
for (const follower of [
  ...creators, ...exampleFollowers, ...searchFollowerUsers, hiddenTrails, quietObserver, jane, carson, coralcam,
  userNamed('wellness_byflor'), userNamed('homeswithgrantevans'),
]) follow(follower, natgeo);
for (const fan of fans) if (lists(natgeo).followers.length < 82) follow(fan, natgeo);

const exampleFollowing = [...followingPage[0], ...searchFollowing].map((ref) => userNamed(ref.username));
for (const followee of [
  ...exampleFollowing, natgeotv, disney, userNamed('jamescameronofficial'), userNamed('pixar'),
  userNamed('christine_eleanor'), coralcam, userNamed('hynecheck'), userNamed('samuellemieux'),
  userNamed('wonderful_places'), userNamed('lonelyplanet'), userNamed('visittheusa'),
]) follow(natgeo, followee);
for (const photographer of photographers) if (lists(natgeo).following.length < natgeo.following_count) follow(natgeo, photographer);

for (const creator of creators.slice(0, 5)) follow(creator, natgeoanimals);
fans.slice(0, 36).forEach((fan) => follow(fan, natgeoanimals));
for (const followee of [natgeo, natgeotv, natgeotravel, natgeoscience, coralcam]) follow(natgeoanimals, followee);
photographers.slice(20, 39).forEach((photographer) => follow(natgeoanimals, photographer));
for (const account of [natgeotv, natgeotravel, natgeoscience]) {
  fans.slice(36, 66).forEach((fan) => follow(fan, account));
  for (const followee of [natgeo, natgeoanimals, disney]) follow(account, followee);
}
[...fans.slice(60, 90), userNamed('wellness_byflor'), userNamed('homeswithgrantevans')].forEach((fan) => follow(fan, jane));
for (const followee of [carson, natgeo, coralcam, ...creators.slice(0, 3)]) follow(jane, followee);
fans.slice(80, 108).forEach((fan) => follow(fan, carson));
for (const followee of [jane, natgeo, natgeoscience]) follow(carson, followee);
[...creators, ...fans.slice(0, 34)].forEach((fan) => follow(fan, coralcam));
[natgeo, natgeoanimals, ...creators.slice(4), ...photographers.slice(40, 52)].forEach((followee) => follow(coralcam, followee));
fans.slice(100, 112).forEach((fan) => follow(fan, hiddenTrails));
[natgeoanimals, coralcam, ...fans.slice(110, 120)].forEach((followee) => follow(hiddenTrails, followee));
fans.slice(3, 6).forEach((fan) => follow(fan, quietObserver));
[natgeoanimals, natgeotravel, coralcam, jane].forEach((followee) => follow(quietObserver, followee));
creators.forEach((creator, index) => {
  follow(creator, pick(creators));
  follow(creators[(index + 1) % creators.length] ?? creator, creator);
  fans.slice(index * 8, index * 8 + 6).forEach((fan) => follow(fan, creator));
});

// Counts follow the lists for accounts small enough to list in full.
for (const pk of countsFromLists) {
  const user = users.get(pk);
  const account = accounts[pk];
  if (!user || !account) continue;
  user.follower_count = account.followers.length;
  user.following_count = account.following.length;
  if (!user.is_private) user.media_count = Math.max(user.media_count, account.posts.length);
}
carson.media_count = lists(carson).posts.length + 212;

// ---------------------------------------------------------------- engagement (drawn from `extra`)

/** `count` distinct entries of `pool` in drawn order. */
function sample<T>(pool: readonly T[], count: number): T[] {
  const shuffled = [...pool];
  const size = Math.min(count, shuffled.length);
  for (let index = 0; index < size; index += 1) {
    const other = index + Math.floor(extra.random() * (shuffled.length - index));
    [shuffled[index], shuffled[other]] = [shuffled[other] as T, shuffled[index] as T];
  }
  return shuffled.slice(0, size);
}

const COMMENT_TEXTS = [
  'Incredible shot 😍', 'This is why I follow this page', 'Wow!!', 'Nature never stops amazing me 🌿', 'Goosebumps',
  'Where exactly is this?', 'The colours 🔥🔥', 'Adding this to my bucket list', 'Stunning work as always 👏',
  'My kids loved this one', 'How long did you wait for this moment?', 'Beautiful ❤️', 'I was there last summer!',
  'Protect our planet 🌍', 'Unreal', 'That light though', '🙌🙌🙌', 'Thank you for sharing this story',
];
let commentSequence = 0;
const nextCommentPk = (): string => String(17900000000000000n + BigInt((commentSequence += 1) * 7919));
const everyone = [...users.values()];

function drawComments(item: WorldMedia, count: number, window: { from: number; to: number }): WorldComment[] {
  const authors = everyone.filter((user) => String(user.pk) !== item.user.pk);
  return Array.from({ length: count }, () => ({
    pk: nextCommentPk(),
    user_pk: String(extra.pick(authors).pk),
    text: extra.pick(COMMENT_TEXTS),
    created_at: extra.between(window.from, window.to),
    like_count: extra.pick([0, 0, 1, 3, 12, 48, 230]),
    child_comment_count: extra.pick([0, 0, 0, 1, 2, 5]),
  })).sort((a, b) => b.created_at - a.created_at);
}

/** natgeo's first post takes three pages of comments; its next nine have enough for `comments(first: 5)`. Others keep within their comment_count. */
function commentCountFor(item: WorldMedia): number {
  const natgeoRank = lists(natgeo).posts.indexOf(item.pk);
  if (natgeoRank === 0) return 40;
  if (natgeoRank > 0 && natgeoRank < 10) return extra.between(6, 14);
  if (privatePosts.includes(item)) return Math.min(item.comment_count, 4);
  return extra.random() < 0.15 ? 0 : Math.min(item.comment_count, extra.between(1, 8));
}

/** The world's "now": two days after its newest media. Comments and live stories are older. */
const WORLD_NOW = (newestFirst[0]?.taken_at_ts ?? APRIL_4_2026) + 2 * 86400;
const comments: WorldFile['comments'] = {};
for (const item of newestFirst) {
  const window = { from: item.taken_at_ts + 60, to: Math.min(WORLD_NOW, item.taken_at_ts + 20 * 86400) };
  if (item === commentedReel) continue;
  const drawn = drawComments(item, commentCountFor(item), window);
  if (drawn.length > 0) comments[item.pk] = drawn;
}
// The example comment leads its reel's list: the others came in the ten minutes before it.
const [exampleComment] = aisaComments.comments;
if (!exampleComment) throw new Error('AIsa comments example has no comment');
const exampleCommentAt = Date.parse(exampleComment.created_at) / 1000;
comments[commentedReel.pk] = [
  {
    pk: exampleComment.id, user_pk: exampleComment.user.pk, text: exampleComment.text, created_at: exampleCommentAt,
    like_count: exampleComment.comment_like_count, child_comment_count: 0,
  },
  ...drawComments(commentedReel, 9, { from: commentedReel.taken_at_ts + 5, to: exampleCommentAt - 1 }),
];

const likers: WorldFile['likers'] = {};
for (const item of newestFirst) {
  const natgeoRank = lists(natgeo).posts.indexOf(item.pk);
  const count = natgeoRank >= 0 && natgeoRank < 10 ? extra.between(45, 80) : Math.min(item.like_count, extra.between(5, 40));
  likers[item.pk] = sample(everyone.filter((user) => String(user.pk) !== item.user.pk), count).map((user) => String(user.pk));
}

const TRANSCRIPT_TEXTS = [
  'We have been waiting on this reef since before sunrise, and here they come.',
  'Three, two, one... and there it goes. Did you see that?',
  'This is the part nobody shows you: hours of waiting for ten seconds of footage.',
  'Okay, quick tip: keep your back to the sun and let the animals come to you.',
  'Listen to that. That is the sound of a healthy forest.',
  'People always ask me what my favourite place is. Honestly? Wherever I am right now.',
];
const transcripts: WorldFile['transcripts'] = {};
for (const item of newestFirst) {
  if (item.product_type !== 'clips') continue;
  if (item === transcribedReel) transcripts[item.pk] = transcriptExample.text;
  else if (extra.random() < 0.85) transcripts[item.pk] = `${extra.pick(TRANSCRIPT_TEXTS)} ${extra.pick(TRANSCRIPT_TEXTS)}`;
}

// Location feeds: recent = every public post there, newest first; top = the 15 most liked of them.
const LOCATION_TOP_SIZE = 15;
const locationFeeds: WorldFile['locationFeeds'] = {};
for (const location of locationList) {
  const recent = newestFirst.filter((item) => item.location?.pk === location.pk && !item.user.is_private);
  const top = [...recent].sort((a, b) => b.like_count - a.like_count).slice(0, LOCATION_TOP_SIZE);
  locationFeeds[String(location.pk)] = { recent: recent.map((item) => item.pk), top: top.map((item) => item.pk) };
}

// ---------------------------------------------------------------- about, stories, highlights (drawn from `extra`)

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const COUNTRIES = ['United States', 'Brazil', 'India', 'Germany', 'Japan', 'Kenya', 'Australia', 'Canada', 'Mexico', 'Norway'];
const about: WorldFile['about'] = {};
for (const user of everyone) {
  about[String(user.pk)] = {
    date: `${extra.pick(MONTHS)} ${extra.between(2011, 2023)}`,
    country: extra.random() < 0.6 ? extra.pick(COUNTRIES) : '',
    former_usernames: String(extra.pick([0, 0, 0, 1, 1, 2, 3])),
  };
}
about[String(natgeo.pk)] = { date: 'March 2012', country: 'United States', former_usernames: '0' };

function storyItem(takenAt: number, mediaType: 1 | 2, live: boolean): WorldStoryItem {
  const pk = mediaPkAt(takenAt);
  const digits = String(pk);
  const video = mediaType === 2;
  return {
    pk: digits, code: shortcodeOf(pk), media_type: mediaType, taken_at: takenAt, expiring_at: live ? takenAt + 86400 : null,
    image_url: `${CDN}/v/t51.2885-15/${digits}_story_n.jpg`, width: 1080, height: 1920,
    video_url: video ? `${CDN}/o1/v/t16/f2/m69/${digits}_story.mp4` : null,
    video_duration: video ? extra.between(4000, 15000) / 1000 : null,
  };
}
/** `count` frames posted one after another from `start`, oldest first. */
const storyRun = (start: number, count: number, live: boolean): WorldStoryItem[] =>
  Array.from({ length: count }, (_, index) => storyItem(start + index * extra.between(600, 7200), index % 2 === 0 ? 2 : 1, live));

// Live stories: posted within the last day before the world's "now". Not the private account.
const stories: WorldFile['stories'] = {};
for (const [user, count] of [[natgeo, 3], [natgeoanimals, 2], [coralcam, 4], [jane, 2], ...creators.slice(0, 3).map((creator) => [creator, 1] as const)] as const) {
  stories[String(user.pk)] = storyRun(WORLD_NOW - extra.between(10, 20) * 3600, count, true);
}

let highlightSequence = 0;
function drawHighlights(titles: readonly string[], newest: number): WorldHighlight[] {
  return titles.map((title, index) => {
    const items = storyRun(newest - (index + 1) * 40 * 86400, extra.between(2, 6), false);
    const [cover] = items;
    if (!cover) throw new Error('a highlight needs an item');
    return {
      id: String(17850000000000000n + BigInt((highlightSequence += 1) * 104729)), title,
      created_at: (items.at(-1)?.taken_at ?? cover.taken_at) + 86400, cover_url: cover.image_url, items,
    };
  });
}
const exampleCandidate = (item: AisaHighlightDetailExample['items'][number]): { url: string; width: number; height: number } => {
  const [candidate] = item.image_versions2.candidates;
  if (!candidate) throw new Error(`highlight item ${item.pk} has no image`);
  return candidate;
};
const janeHighlight: WorldHighlight = {
  id: aisaHighlightDetail.id.replace(/^highlight:/, ''), title: aisaHighlightDetail.title, created_at: aisaHighlightDetail.created_at,
  cover_url: aisaHighlightDetail.cover_media.cropped_image_version.url,
  items: aisaHighlightDetail.items.map((item) => ({
    pk: item.pk, code: item.code, media_type: item.media_type, taken_at: item.taken_at, expiring_at: null,
    image_url: exampleCandidate(item).url, width: exampleCandidate(item).width, height: exampleCandidate(item).height,
    video_url: item.video_versions[0]?.url ?? null, video_duration: item.media_type === 2 ? item.video_duration : null,
  })),
};
if (aisaHighlights.highlights[0]?.id !== janeHighlight.id) throw new Error('AIsa highlight examples disagree on the id');
const highlights: WorldFile['highlights'] = {
  [String(coralcam.pk)]: drawHighlights(['Reef diaries', 'Night dives', 'Turtles 🐢', 'Behind the lens', 'Gear', 'Q&A'], APRIL_4_2026),
  [String(natgeo.pk)]: drawHighlights(['Expeditions', 'Photo Ark', 'Explorers'], APRIL_4_2026),
  [String(jane.pk)]: [janeHighlight],
  [String(hiddenTrails.pk)]: drawHighlights(['summer'], APRIL_4_2026),
};

// ---------------------------------------------------------------- AIsa verbatim

const aisaVerbatim: WorldFile['aisaVerbatim'] = {
  rawMedia: { [String(carsonExample.code)]: carsonExample, [String(janeReelExample.code)]: janeReelExample },
  webMedia: { [String(janePostExample.shortcode)]: janePostExample },
  postsUser: { [String(carson.pk)]: aisaPosts.user },
  commentPages: { [COMMENTS_EXAMPLE_CODE]: aisaComments },
  highlights: { [String(jane.pk)]: aisaHighlights },
  highlightDetails: { [janeHighlight.id]: aisaHighlightDetail },
};

const world: WorldFile = {
  users: [...users.values()],
  media: newestFirst,
  locations: locationList,
  accounts,
  comments,
  likers,
  transcripts,
  locationFeeds,
  about,
  stories,
  highlights,
  aisaVerbatim,
  hikerapiVerbatim: { pinned: { [String(natgeo.pk)]: natgeoPinned } },
};

// One entry per line keeps the file small yet diffable.
function lines(value: unknown): string {
  if (Array.isArray(value)) return `[\n${value.map((entry) => JSON.stringify(entry)).join(',\n')}\n]`;
  if (value && typeof value === 'object') {
    return `{\n${Object.entries(value).map(([key, entry]) => `${JSON.stringify(key)}: ${JSON.stringify(entry)}`).join(',\n')}\n}`;
  }
  return JSON.stringify(value);
}
mkdirSync(outDir, { recursive: true });
const text = `{\n${Object.entries(world).map(([key, value]) => `${JSON.stringify(key)}: ${lines(value)}`).join(',\n')}\n}\n`;
writeFileSync(new URL('world.json', outDir), text);
console.log(`fixtures/world/world.json: ${world.users.length} users, ${world.media.length} media, ${(text.length / 1024).toFixed(0)} KiB`);
