import DataLoader from 'dataloader';
import type { CallContext } from '../domain/call';
import type { Provider, ProviderOperation } from '../domain/provider';
import { shortcodeOfPk } from '../domain/shortcode';
import {
  MAX_HIGHLIGHTS,
  type Comment,
  type Highlight,
  type ListKind,
  type Location,
  type LocationFeedKind,
  type Media,
  type MediaListKind,
  type MediaRef,
  type Page,
  type ProviderName,
  type StoryItem,
  type User,
  type UserAbout,
  type UserListKind,
  type UserRef,
  type UserSummary,
} from '../domain/types';
import { GatewayError } from '../domain/errors';
import { UpstreamError } from '../upstream/errors';
import type { CacheAlias, Invoke, UpstreamGateway } from './gateway';
import type { CostMeter } from './cost';
import type { RequestCall } from './request-call';

/** The lists paged upstream, by the provider method that serves a page (likers come whole, in one call). */
const PAGED_OPERATION = {
  posts: 'userPosts',
  reels: 'userReels',
  tagged: 'userTagged',
  followers: 'followers',
  following: 'following',
  locationRecent: 'locationRecentMedia',
  locationTop: 'locationTopMedia',
  comments: 'comments',
} as const satisfies Record<Exclude<ListKind, 'likers'>, ProviderOperation>;
type PagedKind = keyof typeof PAGED_OPERATION;

const SEARCH_OPERATION = {
  followers: 'searchFollowers',
  following: 'searchFollowing',
} as const satisfies Record<UserListKind, ProviderOperation>;

/**
 * A node(id) lookup of a comment reads its media's comments from the newest, this many pages at
 * most (some 45 comments): the estimate prices it so, and an older comment is NOT_FOUND.
 */
export const COMMENT_LOOKUP_PAGES = 3;

type ListFetcher = (user: UserRef, cursor: string | null, call?: CallContext) => Promise<Page<Media | UserSummary>>;
type LocationFeedFetcher = (locationPk: string, cursor: string | null, call?: CallContext) => Promise<Page<Media>>;
/** One page of one list from `provider`: the list's provider method bound to its owner. */
type PageFetch = (provider: Provider, cursor: string | null, call: CallContext) => Promise<Page<unknown>>;

/** What a one-key lookup asks for, in a client's words: "No <subject>". */
const SUBJECT: Partial<Record<ProviderOperation, (key: string) => string>> = {
  userByUsername: (username) => `Instagram account @${username}`,
  userByPk: (pk) => `Instagram account with id ${pk}`,
  mediaByCode: (code) => `post or reel ${code}`,
  mediaByPk: (pk) => `post or reel with id ${pk}`,
  locationByPk: (pk) => `location ${pk}`,
};

interface PageKey {
  kind: PagedKind;
  /** The provider that issued the cursor; undefined lets routing (and failover) choose. */
  pinnedTo: ProviderName | undefined;
  /** The user, media or location whose list it is. */
  ownerPk: string;
  cursor: string | null;
  fetch: PageFetch;
  /** Whose list it is, in a client's words (for errors). */
  subject?: string;
}

export interface LoadedPage<T> {
  provider: ProviderName;
  page: Page<T>;
}

/** A value with the provider that answered it. */
interface Answered<T> {
  provider: ProviderName;
  value: T;
}

/** True when the object is a full profile rather than the summary lists and owners carry. */
export function isFullProfile(user: UserSummary | User): user is User {
  return 'followerCount' in user;
}

/**
 * Per-request data access: every resolver goes through here. DataLoaders dedupe identical
 * needs within the request (aliases, the same owner on many media) so each distinct upstream
 * (endpoint, parameters) costs one call, and run the calls of one tick concurrently.
 */
export class RequestData {
  private readonly usersByPk: DataLoader<string, User>;
  private readonly usersByUsername: DataLoader<string, User>;
  private readonly mediaByCode: DataLoader<string, Media>;
  private readonly mediaByPk: DataLoader<string, Media>;
  private readonly locations: DataLoader<string, Location>;
  private readonly pages: DataLoader<PageKey, LoadedPage<unknown>, string>;
  private readonly searches: DataLoader<{ kind: UserListKind; user: UserRef; query: string }, LoadedPage<UserSummary>, string>;
  private readonly pinned = this.keyedLoader('pinnedMedia', (user: UserRef) => user.pk, (p, user, call) =>
    required(p.pinnedMedia, 'pinnedMedia').call(p, user, call),
  );
  private readonly likerLists = this.keyedLoader('likers', (media: MediaRef) => media.pk, (p, media, call) =>
    required(p.likers, 'likers').call(p, media, call),
  );
  private readonly transcripts = this.keyedLoader('transcript', (media: MediaRef) => media.pk, (p, media, call) =>
    required(p.transcript, 'transcript').call(p, media, call),
  );
  private readonly abouts = this.keyedLoader('userAbout', (pk: string) => pk, (p, pk, call) =>
    required(p.userAbout, 'userAbout').call(p, pk, call),
  );
  private readonly storyLists = this.keyedLoader('userStories', (pk: string) => pk, (p, pk, call) =>
    required(p.userStories, 'userStories').call(p, pk, call),
  );
  private readonly highlightLists = this.keyedLoader('userHighlights', (pk: string) => pk, (p, pk, call) =>
    required(p.userHighlights, 'userHighlights').call(p, pk, call),
  );
  private readonly highlightItemLists = this.keyedLoader('highlightItems', (id: string) => id, (p, id, call) =>
    required(p.highlightItems, 'highlightItems').call(p, id, call),
  );

  constructor(
    private readonly gateway: UpstreamGateway,
    private readonly request: RequestCall,
  ) {
    this.usersByPk = this.singleLoader(
      'userByPk',
      (provider, pk, call) => provider.userByPk(pk, call),
      (user) => this.usersByUsername.prime(user.username.toLowerCase(), user),
      (user) => [{ operation: 'userByUsername', key: user.username.toLowerCase() }],
    );
    this.usersByUsername = this.singleLoader(
      'userByUsername',
      (provider, username, call) => provider.userByUsername(username, call),
      (user) => this.usersByPk.prime(user.pk, user),
      (user) => [{ operation: 'userByPk', key: user.pk }],
    );
    this.mediaByCode = this.singleLoader(
      'mediaByCode',
      (provider, code, call) => provider.mediaByCode(code, call),
      (media) => this.mediaByPk.prime(media.pk, media),
      (media) => [{ operation: 'mediaByPk', key: media.pk }],
    );
    this.mediaByPk = this.singleLoader(
      'mediaByPk',
      (provider, pk, call) => required(provider.mediaByPk, 'mediaByPk').call(provider, pk, call),
      (media) => this.mediaByCode.prime(media.code, media),
      (media) => [{ operation: 'mediaByCode', key: media.code }],
    );
    this.locations = this.singleLoader('locationByPk', (provider, pk, call) =>
      required(provider.locationByPk, 'locationByPk').call(provider, pk, call),
    );
    this.pages = new DataLoader((keys) => settle(keys, (key) => this.fetchPage(key)), {
      cacheKeyFn: (key) => `${key.pinnedTo ?? '*'}|${key.kind}|${key.ownerPk}|${key.cursor ?? ''}`,
    });
    this.searches = new DataLoader(
      (keys) =>
        settle(keys, async ({ kind, user, query }) => {
          const operation = SEARCH_OPERATION[kind];
          const { provider, value } = await this.call(operation, `${user.pk}|${query}`, (p, call) =>
            required(p[operation], operation).call(p, user, query, call),
          );
          return { provider: provider.name, page: { items: value, nextCursor: null } };
        }),
      { cacheKeyFn: ({ kind, user, query }) => `${kind}|${user.pk}|${query}` },
    );
  }

  /** What this request has spent upstream so far. */
  get meter(): CostMeter {
    return this.request.meter;
  }

  /** The configured providers, in PROVIDER_ORDER: the routes the cost estimate prices. */
  get providerNames(): ProviderName[] {
    return this.gateway.providers.map((provider) => provider.name);
  }

  userByUsername(username: string): Promise<User> {
    return this.usersByUsername.load(username.toLowerCase());
  }

  userByPk(pk: string): Promise<User> {
    return this.usersByPk.load(pk);
  }

  /** The full profile behind a summary: no call when we already hold it, one per user per request otherwise. */
  profile(user: UserSummary | User): Promise<User> {
    return isFullProfile(user) ? Promise.resolve(user) : this.usersByPk.load(user.pk);
  }

  media(code: string): Promise<Media> {
    return this.mediaByCode.load(code);
  }

  mediaWithPk(pk: string): Promise<Media> {
    return this.mediaByPk.load(pk);
  }

  location(pk: string): Promise<Location> {
    return this.locations.load(pk);
  }

  async pinnedMedia(user: UserSummary): Promise<Media[]> {
    this.refusePrivate(user);
    return (await this.pinned.load(toRef(user))).value;
  }

  /** One upstream page of a user's media list. `provider` pins the page to the provider that issued a cursor. */
  mediaPage(kind: MediaListKind, user: UserSummary, cursor: string | null, provider?: ProviderName): Promise<LoadedPage<Media>> {
    return this.userListPage(kind, user, cursor, provider);
  }

  userPage(kind: UserListKind, user: UserSummary, cursor: string | null, provider?: ProviderName): Promise<LoadedPage<UserSummary>> {
    return this.userListPage(kind, user, cursor, provider);
  }

  /** Followers/following matching `query`: one unpaged upstream answer, as a single page. */
  searchUsers(kind: UserListKind, user: UserSummary, query: string): Promise<LoadedPage<UserSummary>> {
    this.refusePrivate(user);
    return this.searches.load({ kind, user: toRef(user), query });
  }

  /** One upstream page of a place's recent or top media. */
  locationFeedPage(kind: LocationFeedKind, locationPk: string, cursor: string | null, provider?: ProviderName): Promise<LoadedPage<Media>> {
    const operation = PAGED_OPERATION[kind];
    return this.loadPage({ kind, pinnedTo: provider, ownerPk: locationPk, cursor }, (p, at, call) => {
      const fetchFeed: LocationFeedFetcher | undefined = p[operation];
      return required(fetchFeed, operation).call(p, locationPk, at, call);
    });
  }

  /** One upstream page of a media's comments; a private account's are refused without a call. */
  commentPage(media: Media, cursor: string | null, provider?: ProviderName): Promise<LoadedPage<Comment>> {
    this.refusePrivate(media.owner);
    return this.commentsOf(toMediaRef(media), cursor, provider);
  }

  /** Everyone who liked a media: one upstream answer, as a single page the connection cuts. */
  async likers(media: Media): Promise<LoadedPage<UserSummary>> {
    this.refusePrivate(media.owner);
    const { provider, value } = await this.likerLists.load(toMediaRef(media));
    return { provider, page: { items: value, nextCursor: null } };
  }

  /** The words spoken in a video; a photo or carousel has none, and costs no call. */
  async transcript(media: Media): Promise<string | null> {
    this.refusePrivate(media.owner);
    // Unsupported is the answer for every media when no configured provider has transcripts.
    this.gateway.candidates('transcript');
    if (media.mediaType !== 'VIDEO') return null;
    return (await this.transcripts.load(toMediaRef(media))).value;
  }

  /** The "About this account" panel: public even for a private account. */
  async about(user: UserSummary): Promise<UserAbout> {
    return (await this.abouts.load(user.pk)).value;
  }

  async stories(user: UserSummary): Promise<StoryItem[] | null> {
    this.refusePrivate(user);
    return (await this.storyLists.load(user.pk)).value;
  }

  highlights(user: UserSummary): Promise<Highlight[]> {
    this.refusePrivate(user);
    return this.highlightsOf(user.pk);
  }

  /** A highlight's items: those its list carried, or one more call (AIsa's lists carry none). */
  async highlightItems(highlight: Highlight): Promise<StoryItem[]> {
    return highlight.items ?? (await this.highlightItemLists.load(highlight.id)).value;
  }

  /** A highlight by its owner and id (node refetch): its owner's highlights, searched. */
  async highlight(ownerPk: string, id: string): Promise<Highlight> {
    const found = (await this.highlightsOf(ownerPk)).find((highlight) => highlight.id === id);
    if (!found) throw new GatewayError('NOT_FOUND', `No highlight ${id} among the highlights of user ${ownerPk}`);
    return found;
  }

  /** A comment by its media and pk (node refetch), among the media's newest COMMENT_LOOKUP_PAGES pages. */
  async comment(mediaPk: string, pk: string): Promise<Comment> {
    // Comments are addressed by pk (HikerAPI) or by URL, whose shortcode the pk gives (AIsa).
    const media = { pk: mediaPk, code: shortcodeOfPk(mediaPk) };
    let loaded = await this.commentsOf(media, null, undefined);
    for (let page = 1; ; page++) {
      const found = loaded.page.items.find((comment) => comment.pk === pk);
      if (found) return found;
      if (loaded.page.nextCursor === null || page === COMMENT_LOOKUP_PAGES) break;
      loaded = await this.commentsOf(media, loaded.page.nextCursor, loaded.provider);
    }
    throw new GatewayError('NOT_FOUND', `No comment ${pk} among the newest comments of media ${mediaPk}`);
  }

  private commentsOf(media: MediaRef, cursor: string | null, provider: ProviderName | undefined): Promise<LoadedPage<Comment>> {
    return this.loadPage({ kind: 'comments', pinnedTo: provider, ownerPk: media.pk, cursor }, (p, at, call) =>
      required(p.comments, 'comments').call(p, media, at, call),
    );
  }

  /** At most MAX_HIGHLIGHTS, whatever the provider answered: the cost estimate plans with that bound. */
  private async highlightsOf(ownerPk: string): Promise<Highlight[]> {
    return (await this.highlightLists.load(ownerPk)).value.slice(0, MAX_HIGHLIGHTS);
  }

  private userListPage<T extends Media | UserSummary>(
    kind: MediaListKind | UserListKind,
    user: UserSummary,
    cursor: string | null,
    pinnedTo: ProviderName | undefined,
  ): Promise<LoadedPage<T>> {
    this.refusePrivate(user);
    const operation = PAGED_OPERATION[kind];
    const ref = toRef(user);
    return this.loadPage({ kind, pinnedTo, ownerPk: user.pk, cursor, subject: `@${user.username}` }, (p, at, call) => {
      const fetchList: ListFetcher | undefined = p[operation];
      return required(fetchList, operation).call(p, ref, at, call);
    });
  }

  /** The pages loader keeps items untyped; each public method knows what its kind holds. */
  private async loadPage<T>(key: Omit<PageKey, 'fetch'>, fetch: PageFetch): Promise<LoadedPage<T>> {
    return (await this.pages.load({ ...key, fetch })) as LoadedPage<T>;
  }

  /** A first page may fail over to another provider; a later page must come from its cursor's provider. */
  private async fetchPage({ kind, pinnedTo, ownerPk, cursor, fetch, subject }: PageKey): Promise<LoadedPage<unknown>> {
    const operation = PAGED_OPERATION[kind];
    const providers = pinnedTo ? [this.gateway.byName(pinnedTo, operation)] : undefined;
    try {
      const { provider, value } = await this.call(operation, `${ownerPk}|${cursor ?? ''}`, (p, call) => fetch(p, cursor, call), { providers, subject });
      return { provider: provider.name, page: value };
    } catch (error) {
      if (pinnedTo && error instanceof UpstreamError && error.retryable) {
        throw error.with({ hint: `this cursor belongs to ${pinnedTo}: retry later, or start the list again without \`after\` to let another provider serve it` });
      }
      throw error;
    }
  }

  /** A private account's lists are refused upstream (and billed): we know the answer already. */
  private refusePrivate(user: UserSummary): void {
    if (user.isPrivate === true) {
      throw new GatewayError('PRIVATE_ACCOUNT', `@${user.username} is a private account: its lists and media are not public`);
    }
  }

  /**
   * A loader for one-key lookups. `primeLoaders` shares a result with this request's sibling
   * loaders; `aliases` lets the cache answer the same lookups for later requests.
   */
  private singleLoader<T>(
    operation: ProviderOperation,
    fetch: (provider: Provider, key: string, call: CallContext) => Promise<T>,
    primeLoaders?: (value: T) => void,
    aliases?: (value: T) => CacheAlias[],
  ): DataLoader<string, T> {
    return new DataLoader<string, T>((keys) =>
      settle(keys, async (key) => {
        const { value } = await this.call(operation, key, (p, call) => fetch(p, key, call), { aliases, subject: SUBJECT[operation]?.(key) });
        primeLoaders?.(value);
        return value;
      }),
    );
  }

  /** A loader for one call per key (`keyOf` names its parameters), answering with the provider that served it. */
  private keyedLoader<K, V>(
    operation: ProviderOperation,
    keyOf: (key: K) => string,
    fetch: (provider: Provider, key: K, call: CallContext) => Promise<V>,
  ): DataLoader<K, Answered<V>, string> {
    return new DataLoader<K, Answered<V>, string>(
      (keys) =>
        settle(keys, async (key) => {
          const { provider, value } = await this.call(operation, keyOf(key), (p, call) => fetch(p, key, call));
          return { provider: provider.name, value };
        }),
      { cacheKeyFn: keyOf },
    );
  }

  /** One upstream operation for this request: its call context, and routing with failover unless `providers` pins it. */
  private call<T>(
    operation: ProviderOperation,
    key: string,
    invoke: Invoke<T>,
    options: { aliases?: ((value: T) => CacheAlias[]) | undefined; providers?: Provider[] | undefined; subject?: string | undefined } = {},
  ): Promise<{ provider: Provider; value: T }> {
    const providers = options.providers ?? this.gateway.candidates(operation);
    const { subject } = options;
    return this.gateway.callFirstAvailable(this.request, providers, operation, key, invoke, { aliases: options.aliases }).catch((error: unknown) => {
      // Say what was asked for in the client's terms; the upstream's own words go to the log.
      throw subject !== undefined && error instanceof UpstreamError ? error.with({ subject }) : error;
    });
  }
}

function toRef(user: UserSummary): UserRef {
  return { pk: user.pk, username: user.username };
}

function toMediaRef(media: Media): MediaRef {
  return { pk: media.pk, code: media.code };
}

/** Run every key's call concurrently; a failure fails only its own key (DataLoader takes Error values). */
function settle<K, V>(keys: readonly K[], run: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  return Promise.all(
    keys.map((key) => run(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))),
  );
}

function required<F>(method: F | undefined, operation: ProviderOperation): F {
  if (!method) throw new GatewayError('UNSUPPORTED_BY_PROVIDERS', `The routed provider cannot serve ${operation}`);
  return method;
}
