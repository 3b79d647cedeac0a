import { mediaPermalink } from '../domain/types';
import { builder } from './builder';
import { upstreamCost } from './cost';
import { parsePk } from './inputs';
import { CarouselItemObject, LocationObject, MediaObject, MediaTypeEnum, UserObject, UsertagObject } from './refs';

builder.node(MediaObject, {
  description: 'A post or reel. Everything here comes with the media itself: no field costs another upstream call.',
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

builder.node(LocationObject, {
  description: 'A place media can be tagged with.',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'lat' in value && 'name' in value && !('username' in value),
  id: { resolve: (location) => location.pk, parse: (id) => parsePk(id, 'Location id') },
  loadOne: (pk, ctx) => ctx.data.location(pk),
  fields: (t) => ({
    pk: t.exposeID('pk', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    address: t.exposeString('address'),
    city: t.exposeString('city'),
    lat: t.exposeFloat('lat'),
    lng: t.exposeFloat('lng'),
  }),
});
