import DataLoader from 'dataloader';
import type { CallContext } from '../domain/call';
import type { Provider, ProviderOperation } from '../domain/provider';
import type { Location, Media, MediaListKind, Page, ProviderName, User, UserListKind, UserRef, UserSummary } from '../domain/types';
import { GatewayError } from '../domain/errors';
import { UpstreamError } from '../upstream/errors';
import type { CacheAlias, Invoke, UpstreamGateway } from './gateway';
import type { CostMeter } from './cost';
import type { RequestCall } from './request-call';


const LIST_OPERATION = {
  posts: 'userPosts',
  reels: 'userReels',
  tagged: 'userTagged',
  followers: 'followers',
  following: 'following',
} as const satisfies Record<MediaListKind | UserListKind, ProviderOperation>;

const SEARCH_OPERATION = {
  followers: 'searchFollowers',
  following: 'searchFollowing',
} as const satisfies Record<UserListKind, ProviderOperation>;

type ListFetcher = (user: UserRef, cursor: string | null, call?: CallContext) => Promise<Page<Media | UserSummary>>;

interface PageKey {
  kind: MediaListKind | UserListKind;
  /** The provider that issued the cursor; undefined lets routing (and failover) choose. */
  pinnedTo: ProviderName | undefined;
  user: UserRef;
  cursor: string | null;
}

export interface LoadedPage<T> {
  provider: ProviderName;
  page: Page<T>;
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
  private readonly pinned: DataLoader<UserRef, Media[], string>;
  private readonly pages: DataLoader<PageKey, LoadedPage<Media | UserSummary>, string>;
  private readonly searches: DataLoader<{ kind: UserListKind; user: UserRef; query: string }, LoadedPage<UserSummary>, string>;

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
    this.pinned = new DataLoader(
      (users) =>
        settle(users, async (user) => {
          const { value } = await this.call('pinnedMedia', user.pk, (p, call) =>
            required(p.pinnedMedia, 'pinnedMedia').call(p, user, call),
          );
          return value;
        }),
      { cacheKeyFn: (user) => user.pk },
    );
    this.pages = new DataLoader((keys) => settle(keys, (key) => this.fetchPage(key)), {
      cacheKeyFn: (key) => `${key.pinnedTo ?? '*'}|${key.kind}|${key.user.pk}|${key.cursor ?? ''}`,
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

  pinnedMedia(user: UserSummary): Promise<Media[]> {
    this.refusePrivate(user);
    return this.pinned.load(toRef(user));
  }

  /** One upstream page of a user's media list. `provider` pins the page to the provider that issued a cursor. */
  async mediaPage(kind: MediaListKind, user: UserSummary, cursor: string | null, provider?: ProviderName): Promise<LoadedPage<Media>> {
    return (await this.loadPage(kind, user, cursor, provider)) as LoadedPage<Media>;
  }

  async userPage(kind: UserListKind, user: UserSummary, cursor: string | null, provider?: ProviderName): Promise<LoadedPage<UserSummary>> {
    return (await this.loadPage(kind, user, cursor, provider)) as LoadedPage<UserSummary>;
  }

  /** Followers/following matching `query`: one unpaged upstream answer, as a single page. */
  searchUsers(kind: UserListKind, user: UserSummary, query: string): Promise<LoadedPage<UserSummary>> {
    this.refusePrivate(user);
    return this.searches.load({ kind, user: toRef(user), query });
  }

  private loadPage(
    kind: MediaListKind | UserListKind,
    user: UserSummary,
    cursor: string | null,
    pinnedTo: ProviderName | undefined,
  ): Promise<LoadedPage<Media | UserSummary>> {
    this.refusePrivate(user);
    return this.pages.load({ kind, pinnedTo, user: toRef(user), cursor });
  }

  /** A first page may fail over to another provider; a later page must come from its cursor's provider. */
  private async fetchPage({ kind, pinnedTo, user, cursor }: PageKey): Promise<LoadedPage<Media | UserSummary>> {
    const operation = LIST_OPERATION[kind];
    const providers = pinnedTo ? [this.gateway.byName(pinnedTo, operation)] : undefined;
    try {
      const { provider, value } = await this.call(
        operation,
        `${user.pk}|${cursor ?? ''}`,
        (p, call) => {
          const fetchList: ListFetcher | undefined = p[operation];
          return required(fetchList, operation).call(p, user, cursor, call);
        },
        { providers },
      );
      return { provider: provider.name, page: value };
    } catch (error) {
      if (pinnedTo && error instanceof UpstreamError && error.retryable) {
        throw error.withHint(`(this cursor belongs to ${pinnedTo}: retry later, or start the list again without \`after\` to let another provider serve it)`);
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
        const { value } = await this.call(operation, key, (p, call) => fetch(p, key, call), { aliases });
        primeLoaders?.(value);
        return value;
      }),
    );
  }

  /** One upstream operation for this request: its call context, and routing with failover unless `providers` pins it. */
  private call<T>(
    operation: ProviderOperation,
    key: string,
    invoke: Invoke<T>,
    options: { aliases?: ((value: T) => CacheAlias[]) | undefined; providers?: Provider[] | undefined } = {},
  ): Promise<{ provider: Provider; value: T }> {
    const providers = options.providers ?? this.gateway.candidates(operation);
    return this.gateway.callFirstAvailable(this.request, providers, operation, key, invoke, { aliases: options.aliases });
  }
}

function toRef(user: UserSummary): UserRef {
  return { pk: user.pk, username: user.username };
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
