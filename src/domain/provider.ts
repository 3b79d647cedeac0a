import type { Location, Media, Page, ProviderName, User, UserRef, UserSummary } from './types';

/**
 * What the data layer needs from an upstream provider. Optional methods are operations
 * the provider cannot serve (AIsa has no followers, following, tagged or location endpoints);
 * provider routing skips a provider that lacks one.
 *
 * Cursors are the provider's own upstream cursors, opaque to everyone else; null asks for the first page.
 * Every method throws an UpstreamError subclass on failure.
 */
export interface Provider {
  readonly name: ProviderName;
  userByUsername(username: string, signal?: AbortSignal): Promise<User>;
  userByPk(pk: string, signal?: AbortSignal): Promise<User>;
  userPosts(user: UserRef, cursor: string | null, signal?: AbortSignal): Promise<Page<Media>>;
  userReels(user: UserRef, cursor: string | null, signal?: AbortSignal): Promise<Page<Media>>;
  mediaByCode(code: string, signal?: AbortSignal): Promise<Media>;
  mediaByPk?(pk: string, signal?: AbortSignal): Promise<Media>;
  userTagged?(user: UserRef, cursor: string | null, signal?: AbortSignal): Promise<Page<Media>>;
  followers?(user: UserRef, cursor: string | null, signal?: AbortSignal): Promise<Page<UserSummary>>;
  following?(user: UserRef, cursor: string | null, signal?: AbortSignal): Promise<Page<UserSummary>>;
  searchFollowers?(user: UserRef, query: string, signal?: AbortSignal): Promise<UserSummary[]>;
  searchFollowing?(user: UserRef, query: string, signal?: AbortSignal): Promise<UserSummary[]>;
  pinnedMedia?(user: UserRef, signal?: AbortSignal): Promise<Media[]>;
  locationByPk?(pk: string, signal?: AbortSignal): Promise<Location>;
  close(): Promise<void>;
}

export type ProviderOperation = Exclude<keyof Provider, 'name' | 'close'>;
