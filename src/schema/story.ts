import { builder } from './builder';
import { dearestRoute, upstreamCost } from './cost';
import { splitCompoundId } from './global-id';
import { HighlightObject, MediaTypeEnum, StoryItemObject, UserAboutObject } from './refs';

builder.objectType(UserAboutObject, {
  description: 'The "About this account" panel.',
  fields: (t) => ({
    dateJoined: t.exposeString('dateJoined', { description: 'As Instagram states it, e.g. "March 2012".' }),
    country: t.exposeString('country', { description: 'The country the account is based in; "" when the panel shows none.' }),
    formerUsernameCount: t.exposeInt('formerUsernameCount'),
  }),
});

builder.objectType(StoryItemObject, {
  description: 'One frame of a live story or of a highlight.',
  fields: (t) => ({
    pk: t.exposeID('pk', { nullable: false }),
    mediaType: t.field({ type: MediaTypeEnum, nullable: false, resolve: (item) => item.mediaType }),
    takenAt: t.expose('takenAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When a live story disappears; null for highlight items.' }),
    imageUrl: t.exposeString('imageUrl'),
    videoUrl: t.exposeString('videoUrl'),
    videoDuration: t.exposeFloat('videoDuration', { description: 'Seconds.' }),
  }),
});

builder.node(HighlightObject, {
  description: "A story highlight album on a profile.",
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'ownerPk' in value && 'coverUrl' in value,
  // A highlight is only found through its owner's highlights, so its id names both.
  id: { resolve: (highlight) => `${highlight.ownerPk}:${highlight.id}` },
  loadOne: (id, ctx) => ctx.data.highlight(...splitCompoundId(id, 'Highlight id')),
  fields: (t) => ({
    title: t.exposeString('title'),
    coverUrl: t.exposeString('coverUrl'),
    items: t.field({
      type: [StoryItemObject],
      nullable: { list: true, items: false },
      description: "The album's frames. One more call per highlight where the provider's highlights come without them (AIsa).",
      resolve: (highlight, _args, ctx) => ctx.data.highlightItems(highlight),
      // HikerAPI's tray carries the items; AIsa needs highlight/detail for each highlight.
      extensions: upstreamCost({ calls: dearestRoute({ hikerapi: 0, aisa: 1 }) }),
    }),
  }),
});
