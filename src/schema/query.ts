import { resolveNodes } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../context';
import { builder } from './builder';
import { COMMENT_LOOKUP_PAGES } from '../data/request-data';
import { upstreamCost, type CostInput } from './cost';
import { decodeGlobalId } from './global-id';
import { parseMediaUrl, parsePk, parseShortcode, parseUsername, shortcodeInUrl } from './inputs';
import { LocationObject, MediaObject, UserObject } from './refs';

/** One lookup, which answers a full profile when it is a user. */
const ONE_LOOKUP = upstreamCost({ calls: 1, provides: 'profile' });

builder.queryType({
  fields: (t) => ({
    user: t.field({
      type: UserObject,
      description: 'An account by username. null, with a NOT_FOUND error, when there is no such account.',
      args: { username: t.arg.string({ required: true }) },
      resolve: (_root, { username }, ctx) => ctx.data.userByUsername(parseUsername(username)),
      extensions: ONE_LOOKUP,
    }),
    userByPk: t.field({
      type: UserObject,
      description: "An account by Instagram's numeric id.",
      args: { pk: t.arg.id({ required: true }) },
      resolve: (_root, { pk }, ctx) => ctx.data.userByPk(parsePk(String(pk))),
      extensions: ONE_LOOKUP,
    }),
    node: t.field({
      type: builder.nodeInterfaceRef(),
      description: 'Any User, Media, Location, Comment or Highlight by its global id.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx, info) => resolveNode(String(id), ctx, info),
      extensions: upstreamCost({ calls: ({ args }) => nodeCalls(args.id), provides: 'profile' }),
    }),
    nodes: t.field({
      type: [builder.nodeInterfaceRef()],
      nullable: { list: false, items: true },
      description: 'Several nodes by global id, in order. An id that fails nulls only its own item, with the error at its index.',
      args: { ids: t.arg.idList({ required: true }) },
      // One promise per item: graphql-js then settles each on its own. DataLoaders still batch them.
      resolve: (_root, { ids }, ctx, info) => ids.map((id) => resolveNode(String(id), ctx, info)),
      extensions: upstreamCost({ calls: nodesCalls, items: idCount, provides: 'profile' }),
    }),
    media: t.field({
      type: MediaObject,
      description: 'A post or reel by shortcode (the <code> in instagram.com/p/<code>/).',
      args: { code: t.arg.string({ required: true }) },
      resolve: (_root, { code }, ctx) => ctx.data.media(parseShortcode(code)),
      extensions: upstreamCost({ calls: 1 }),
    }),
    mediaByUrl: t.field({
      type: MediaObject,
      description: 'A post or reel by its link: instagram.com/p/<code>/, /reel/<code>/ or /tv/<code>/ (anything else is BAD_USER_INPUT).',
      args: { url: t.arg.string({ required: true }) },
      resolve: (_root, { url }, ctx) => ctx.data.media(parseMediaUrl(url)),
      // A link we cannot read is refused before any call.
      extensions: upstreamCost({ calls: ({ args }) => (typeof args.url === 'string' && shortcodeInUrl(args.url) !== null ? 1 : 0) }),
    }),
    location: t.field({
      type: LocationObject,
      description: 'A place by its pk.',
      args: { pk: t.arg.id({ required: true }) },
      resolve: (_root, { pk }, ctx) => ctx.data.location(parsePk(String(pk), 'Location pk')),
      extensions: upstreamCost({ calls: 1 }),
    }),
  }),
});

function idCount({ args }: CostInput): number {
  return Array.isArray(args.ids) ? args.ids.length : 0;
}

/** One lookup, or for a comment the pages of its media's comments it may sit in. */
function nodeCalls(id: unknown): number {
  try {
    return typeof id === 'string' && decodeGlobalId(id).typename === 'Comment' ? COMMENT_LOOKUP_PAGES : 1;
  } catch {
    return 1;
  }
}

function nodesCalls({ args }: CostInput): number {
  return Array.isArray(args.ids) ? args.ids.reduce((sum: number, id: unknown) => sum + nodeCalls(id), 0) : 0;
}

async function resolveNode(globalId: string, ctx: GraphQLContext, info: GraphQLResolveInfo): Promise<unknown> {
  const [node] = await resolveNodes(builder, ctx, info, [decodeGlobalId(globalId)]);
  return node;
}
