import { z } from 'zod';
import type { ProviderOperation } from '../domain/provider';
import {
  PROVIDER_NAMES,
  type CarouselItem,
  type Comment,
  type Highlight,
  type Location,
  type Media,
  type Page,
  type ProviderName,
  type StoryItem,
  type User,
  type UserAbout,
  type UserSummary,
} from '../domain/types';

/**
 * What a shared cache (Redis) hands back is checked against the domain types before use: after a
 * deploy that changed a type, an entry written by the old code is a miss, never a wrongly shaped
 * value. Keys also carry CACHE_FORMAT_VERSION: bump it when a domain type changes meaning.
 */
export const CACHE_FORMAT_VERSION = 1;

const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();
const mediaType = z.enum(['PHOTO', 'VIDEO', 'CAROUSEL']);

const userSummaryShape = z.object({
  pk: z.string(),
  username: z.string(),
  fullName: nullableString,
  isPrivate: z.boolean().nullable(),
  isVerified: z.boolean().nullable(),
  profilePicUrl: nullableString,
});

const userSummary: z.ZodType<UserSummary> = userSummaryShape;

const user: z.ZodType<User> = userSummaryShape.extend({
  biography: nullableString,
  isBusiness: z.boolean().nullable(),
  category: nullableString,
  externalUrl: nullableString,
  followerCount: nullableNumber,
  followingCount: nullableNumber,
  mediaCount: nullableNumber,
});

const location: z.ZodType<Location> = z.object({
  pk: z.string(),
  name: z.string(),
  address: nullableString,
  city: nullableString,
  lat: nullableNumber,
  lng: nullableNumber,
});

const carouselItem: z.ZodType<CarouselItem> = z.object({
  pk: z.string(),
  mediaType,
  imageUrl: nullableString,
  videoUrl: nullableString,
  width: nullableNumber,
  height: nullableNumber,
});

const media: z.ZodType<Media> = z.object({
  pk: z.string(),
  code: z.string(),
  mediaType,
  productType: nullableString,
  takenAt: nullableString,
  caption: nullableString,
  likeCount: nullableNumber,
  commentCount: nullableNumber,
  playCount: nullableNumber,
  videoDuration: nullableNumber,
  thumbnailUrl: nullableString,
  videoUrl: nullableString,
  width: nullableNumber,
  height: nullableNumber,
  owner: userSummary,
  location: location.nullable(),
  usertags: z.array(z.object({ user: userSummary, x: z.number(), y: z.number() })),
  coauthors: z.array(userSummary),
  carouselItems: z.array(carouselItem),
  isPaidPartnership: z.boolean().nullable(),
});

const comment: z.ZodType<Comment> = z.object({
  pk: z.string(),
  mediaPk: z.string(),
  text: z.string(),
  createdAt: nullableString,
  likeCount: nullableNumber,
  user: userSummary,
});

const userAbout: z.ZodType<UserAbout> = z.object({
  dateJoined: nullableString,
  country: nullableString,
  formerUsernameCount: nullableNumber,
});

const storyItem: z.ZodType<StoryItem> = z.object({
  pk: z.string(),
  mediaType,
  takenAt: nullableString,
  expiresAt: nullableString,
  imageUrl: nullableString,
  videoUrl: nullableString,
  videoDuration: nullableNumber,
});

const highlight: z.ZodType<Highlight> = z.object({
  id: z.string(),
  ownerPk: z.string(),
  title: nullableString,
  coverUrl: nullableString,
  items: z.array(storyItem).nullable(),
});

const pageOf = <T>(item: z.ZodType<T>): z.ZodType<Page<T>> => z.object({ items: z.array(item), nextCursor: nullableString });

const rememberedError = z.object({
  code: z.enum(['NOT_FOUND', 'PRIVATE_ACCOUNT']),
  message: z.string(),
  provider: z.enum(PROVIDER_NAMES as [ProviderName, ...ProviderName[]]),
  endpoint: z.string(),
  status: z.number().optional(),
});

const entryOf = (value: z.ZodType) => z.union([z.object({ value }), z.object({ error: rememberedError })]);

/** Per operation, the schema of its cache entries: a value, or a remembered NOT_FOUND/PRIVATE_ACCOUNT answer. */
export const CACHE_ENTRY_SCHEMAS: Record<ProviderOperation, z.ZodType> = {
  userByUsername: entryOf(user),
  userByPk: entryOf(user),
  userPosts: entryOf(pageOf(media)),
  userReels: entryOf(pageOf(media)),
  userTagged: entryOf(pageOf(media)),
  pinnedMedia: entryOf(z.array(media)),
  followers: entryOf(pageOf(userSummary)),
  following: entryOf(pageOf(userSummary)),
  searchFollowers: entryOf(z.array(userSummary)),
  searchFollowing: entryOf(z.array(userSummary)),
  mediaByCode: entryOf(media),
  mediaByPk: entryOf(media),
  locationByPk: entryOf(location),
  locationRecentMedia: entryOf(pageOf(media)),
  locationTopMedia: entryOf(pageOf(media)),
  comments: entryOf(pageOf(comment)),
  likers: entryOf(z.array(userSummary)),
  transcript: entryOf(nullableString),
  userAbout: entryOf(userAbout),
  userStories: entryOf(z.array(storyItem).nullable()),
  userHighlights: entryOf(z.array(highlight)),
  highlightItems: entryOf(z.array(storyItem)),
};

/**
 * The values an answer may borrow from another answer about the same entity (data/entity-facts.ts):
 * the nullable scalar fields of a media and of a user.
 */
export const MEDIA_FACTS = z
  .object({
    productType: z.string(),
    takenAt: z.string(),
    caption: z.string(),
    likeCount: z.number(),
    commentCount: z.number(),
    playCount: z.number(),
    videoDuration: z.number(),
    thumbnailUrl: z.string(),
    videoUrl: z.string(),
    width: z.number(),
    height: z.number(),
    isPaidPartnership: z.boolean(),
  })
  .partial();

export const USER_FACTS = z
  .object({
    fullName: z.string(),
    isPrivate: z.boolean(),
    isVerified: z.boolean(),
    profilePicUrl: z.string(),
    biography: z.string(),
    isBusiness: z.boolean(),
    category: z.string(),
    externalUrl: z.string(),
    followerCount: z.number(),
    followingCount: z.number(),
    mediaCount: z.number(),
  })
  .partial();
