import { builder } from './builder';
import { splitCompoundId } from './global-id';
import { CommentObject, UserObject } from './refs';

builder.node(CommentObject, {
  description: 'A top-level comment on a post or reel (replies are not served).',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'mediaPk' in value && 'text' in value,
  // A comment is only found through its media, so its id names both.
  id: { resolve: (comment) => `${comment.mediaPk}:${comment.pk}` },
  loadOne: (id, ctx) => ctx.data.comment(...splitCompoundId(id, 'Comment id')),
  fields: (t) => ({
    pk: t.exposeID('pk', { nullable: false }),
    text: t.exposeString('text', { nullable: false }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    likeCount: t.exposeInt('likeCount'),
    user: t.field({
      type: UserObject,
      nullable: false,
      description: 'The author, as the comment embeds it: its profile fields cost a lookup, like any owner.',
      resolve: (comment) => comment.user,
    }),
  }),
});
