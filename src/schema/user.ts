import type { GraphQLContext } from '../context';
import { MAX_HIGHLIGHTS, type Media, type MediaListKind, type User, type UserListKind, type UserSummary } from '../domain/types';
import { builder } from './builder';
import { listField, resolveConnection } from './connections';
import { upstreamCost } from './cost';
import { DEFAULT_MEDIA_PAGE_SIZE, DEFAULT_USER_PAGE_SIZE, listCost, parsePaging, type ConnectionArgs } from './paging';
import { HighlightObject, MediaConnection, MediaObject, StoryItemObject, UserAboutObject, UserConnection, UserObject } from './refs';
import { parsePk, parseSearchText } from './inputs';

type AnyUser = UserSummary | User;

/** The profile lookup behind a summary user: one call per user, however many profile fields ask. */
const PROFILE_LOOKUP = upstreamCost({ lookup: 'profile' });

/**
 * A field only a full profile has (the domain's User minus UserSummary): reading it costs the
 * profile lookup unless the user was fetched as a full profile.
 */
function profileField<K extends Exclude<keyof User, keyof UserSummary>>(key: K) {
  return {
    resolve: async (user: AnyUser, _args: object, ctx: GraphQLContext): Promise<User[K]> => (await ctx.data.profile(user))[key],
    extensions: PROFILE_LOOKUP,
  };
}

function mediaList(kind: MediaListKind) {
  return listField<AnyUser, Media>(kind, DEFAULT_MEDIA_PAGE_SIZE, (user, ctx, cursor, provider) => ctx.data.mediaPage(kind, user, cursor, provider));
}

function userList(kind: UserListKind) {
  return (user: AnyUser, args: ConnectionArgs & { query?: string | null }, ctx: GraphQLContext) => {
    const query = parseSearchText(args.query);
    const request = { kind, ownerPk: user.pk, query };
    const paging = parsePaging(args, request, DEFAULT_USER_PAGE_SIZE, ctx.cursors);
    return resolveConnection(
      ctx.cursors,
      request,
      paging,
      // A search answers one unpaged list; the cursor's offset walks through it.
      (cursor, provider) =>
        query === undefined ? ctx.data.userPage(kind, user, cursor, provider) : ctx.data.searchUsers(kind, user, query),
      (summary) => summary.pk,
    );
  };
}

builder.node(UserObject, {
  description: 'An Instagram account.',
  // For Node results the relay plugin has not branded (e.g. a repeated id in `nodes`).
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'username' in value && !('code' in value),
  id: { resolve: (user) => user.pk, parse: (id) => parsePk(id, 'User id') },
  loadOne: (pk, ctx) => ctx.data.userByPk(pk),
  fields: (t) => ({
    pk: t.exposeID('pk', { nullable: false, description: "Instagram's numeric user id, as a string (it can exceed 2^53)." }),
    username: t.exposeString('username', { nullable: false }),
    fullName: t.exposeString('fullName'),
    isPrivate: t.exposeBoolean('isPrivate'),
    isVerified: t.exposeBoolean('isVerified'),
    profilePicUrl: t.exposeString('profilePicUrl'),
    biography: t.string(profileField('biography')),
    isBusiness: t.boolean(profileField('isBusiness')),
    category: t.string(profileField('category')),
    externalUrl: t.string(profileField('externalUrl')),
    followerCount: t.int(profileField('followerCount')),
    followingCount: t.int(profileField('followingCount')),
    mediaCount: t.int(profileField('mediaCount')),
    posts: t.connection(
      {
        type: MediaObject,
        description: "The user's feed posts, newest first.",
        ...mediaList('posts'),
      },
      MediaConnection,
    ),
    reels: t.connection(
      {
        type: MediaObject,
        description: "The user's reels, newest first.",
        ...mediaList('reels'),
      },
      MediaConnection,
    ),
    taggedMedia: t.connection(
      {
        type: MediaObject,
        description: 'Media other accounts tagged this user in.',
        ...mediaList('tagged'),
      },
      MediaConnection,
    ),
    pinnedMedia: t.field({
      type: [MediaObject],
      description: "Posts pinned to the top of the user's grid.",
      resolve: (user, _args, ctx) => ctx.data.pinnedMedia(user),
      // One call for the list; Instagram pins at most 3 posts.
      extensions: upstreamCost({ calls: 1, items: 3 }),
    }),
    followers: t.connection(
      {
        type: UserObject,
        description: 'Accounts following this user. With `query`, only those whose username or name matches it.',
        args: { query: t.arg.string({ description: 'Search text matched against username and full name.' }) },
        resolve: userList('followers'),
        extensions: listCost('followers', DEFAULT_USER_PAGE_SIZE),
      },
      UserConnection,
    ),
    following: t.connection(
      {
        type: UserObject,
        description: 'Accounts this user follows. With `query`, only those whose username or name matches it.',
        args: { query: t.arg.string({ description: 'Search text matched against username and full name.' }) },
        resolve: userList('following'),
        extensions: listCost('following', DEFAULT_USER_PAGE_SIZE),
      },
      UserConnection,
    ),
    about: t.field({
      type: UserAboutObject,
      description: 'The "About this account" panel: when the account joined, where it is based, its former usernames. Public for private accounts too.',
      resolve: (user, _args, ctx) => ctx.data.about(user),
      extensions: upstreamCost({ calls: 1 }),
    }),
    stories: t.field({
      type: [StoryItemObject],
      nullable: { list: true, items: false },
      description: 'Live stories, oldest first; [] when there are none.',
      resolve: (user, _args, ctx) => ctx.data.stories(user),
      extensions: upstreamCost({ calls: 1 }),
    }),
    highlights: t.field({
      type: [HighlightObject],
      nullable: { list: true, items: false },
      description: `Story highlights in profile order, at most ${MAX_HIGHLIGHTS}.`,
      resolve: (user, _args, ctx) => ctx.data.highlights(user),
      // One call for the list; each highlight's items may cost one more (see Highlight.items).
      extensions: upstreamCost({ calls: 1, items: MAX_HIGHLIGHTS }),
    }),
  }),
});
