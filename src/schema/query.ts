import { builder } from './builder';
import { parsePk, parseShortcode, parseUsername } from './inputs';
import { MediaObject, UserObject } from './refs';

builder.queryType({
  fields: (t) => ({
    user: t.field({
      type: UserObject,
      description: 'An account by username. null, with a NOT_FOUND error, when there is no such account.',
      args: { username: t.arg.string({ required: true }) },
      resolve: (_root, { username }, ctx) => ctx.data.userByUsername(parseUsername(username)),
    }),
    userByPk: t.field({
      type: UserObject,
      description: "An account by Instagram's numeric id.",
      args: { pk: t.arg.id({ required: true }) },
      resolve: (_root, { pk }, ctx) => ctx.data.userByPk(parsePk(String(pk))),
    }),
    media: t.field({
      type: MediaObject,
      description: 'A post or reel by shortcode (the <code> in instagram.com/p/<code>/).',
      args: { code: t.arg.string({ required: true }) },
      resolve: (_root, { code }, ctx) => ctx.data.media(parseShortcode(code)),
    }),
  }),
});
