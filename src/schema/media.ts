import { mediaPermalink, type Comment, type Media, type UserSummary } from '../domain/types';
import { builder } from './builder';
import { listField } from './connections';
import { dearestRoute, upstreamCost } from './cost';
import { parsePk } from './inputs';
import { DEFAULT_COMMENT_PAGE_SIZE, DEFAULT_USER_PAGE_SIZE } from './paging';
import {
  CarouselItemObject,
  CommentConnection,
  CommentObject,
  LocationObject,
  MediaObject,
  MediaTypeEnum,
  UserConnection,
  UserObject,
  UsertagObject,
} from './refs';

builder.node(MediaObject, {
  description: 'A post or reel. Everything here comes with the media itself, except its comments, likers and transcript.',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'code' in value && 'mediaType' in value,
  id: { resolve: (media) => media.pk, parse: (id) => parsePk(id, 'Media id') },
  loadOne: (pk, ctx) => ctx.data.mediaWithPk(pk),
  fields: (t) => ({
    pk: t.exposeID('pk', { nullable: false }),
    code: t.exposeString('code', { nullable: false, description: 'The shortcode in instagram.com/p/<code>/.' }),
    url: t.string({ nullable: false, resolve: (media) => mediaPermalink(media) }),
    mediaType: t.field({ type: MediaTypeEnum, nullable: false, resolve: (media) => media.mediaType }),
    productType: t.exposeString('productType', { description: 'feed, clips (a reel), igtv or carousel_container.' }),
    takenAt: t.expose('takenAt', { type: 'DateTime' }),
    caption: t.exposeString('caption'),
    likeCount: t.exposeInt('likeCount', { description: 'null when hidden by the owner or unknown.' }),
    commentCount: t.exposeInt('commentCount'),
    playCount: t.exposeInt('playCount', { description: 'Instagram plays of a video; null for photos and when the upstream does not know it.' }),
    videoDuration: t.exposeFloat('videoDuration', { description: 'Seconds.' }),
    thumbnailUrl: t.exposeString('thumbnailUrl'),
    videoUrl: t.exposeString('videoUrl'),
    width: t.exposeInt('width'),
    height: t.exposeInt('height'),
    owner: t.field({ type: UserObject, nullable: false, resolve: (media) => media.owner }),
    location: t.field({ type: LocationObject, resolve: (media) => media.location }),
    // Instagram's caps: at most 20 people tagged in a post and 5 coauthors.
    usertags: t.field({ type: [UsertagObject], nullable: false, resolve: (media) => media.usertags, extensions: upstreamCost({ items: 20 }) }),
    coauthors: t.field({ type: [UserObject], nullable: false, resolve: (media) => media.coauthors, extensions: upstreamCost({ items: 5 }) }),
    carouselItems: t.field({ type: [CarouselItemObject], nullable: false, resolve: (media) => media.carouselItems }),
    isPaidPartnership: t.exposeBoolean('isPaidPartnership'),
    comments: t.connection(
      {
        type: CommentObject,
        description: 'Top-level comments, in the order Instagram lists them (newest first).',
        ...listField<Media, Comment>('comments', DEFAULT_COMMENT_PAGE_SIZE, (media, ctx, cursor, provider) =>
          ctx.data.commentPage(media, cursor, provider),
        ),
      },
      CommentConnection,
    ),
    likers: t.connection(
      {
        type: UserObject,
        description: 'Accounts that liked it. One upstream call answers the whole list; pages are cut from it.',
        ...listField<Media, UserSummary>('likers', DEFAULT_USER_PAGE_SIZE, (media, ctx) => ctx.data.likers(media)),
      },
      UserConnection,
    ),
    transcript: t.string({
      description: 'The words spoken in a video; null for photos and carousels, and when none were found.',
      resolve: (media, _args, ctx) => ctx.data.transcript(media),
      // AIsa's media/transcript, for videos only.
      extensions: upstreamCost({ calls: dearestRoute({ aisa: 1 }), onlyWhen: { field: 'mediaType', values: ['VIDEO'] } }),
    }),
  }),
});

builder.objectType(CarouselItemObject, {
  description: 'One photo or video inside a carousel.',
  fields: (t) => ({
    pk: t.exposeID('pk', { nullable: false }),
    mediaType: t.field({ type: MediaTypeEnum, nullable: false, resolve: (item) => item.mediaType }),
    imageUrl: t.exposeString('imageUrl'),
    videoUrl: t.exposeString('videoUrl'),
    width: t.exposeInt('width'),
    height: t.exposeInt('height'),
  }),
});

builder.objectType(UsertagObject, {
  description: 'A user tagged in a photo, at a position relative to its width and height (0..1).',
  fields: (t) => ({
    user: t.field({ type: UserObject, nullable: false, resolve: (tag) => tag.user }),
    x: t.exposeFloat('x', { nullable: false }),
    y: t.exposeFloat('y', { nullable: false }),
  }),
});
