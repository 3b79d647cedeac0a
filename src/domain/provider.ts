import type { CallContext } from './call';
import type { Location, Media, Page, ProviderName, User, UserRef, UserSummary } from './types';

/**
 * What the data layer needs from an upstream provider. Optional methods are operations
 * the provider cannot serve (AIsa has no followers, following, tagged or location endpoints);
 * provider routing skips a provider that lacks one.
 *
 * Cursors are the provider's own upstream cursors, opaque to everyone else; null asks for the first page.
 * `call` carries the calling request's meter, deadline and client. Every method throws an
 * UpstreamError subclass on failure.
 */
export interface Provider {
  readonly name: ProviderName;
  userByUsername(username: string, call?: CallContext): Promise<User>;
  userByPk(pk: string, call?: CallContext): Promise<User>;
  userPosts(user: UserRef, cursor: string | null, call?: CallContext): Promise<Page<Media>>;
  userReels(user: UserRef, cursor: string | null, call?: CallContext): Promise<Page<Media>>;
  mediaByCode(code: string, call?: CallContext): Promise<Media>;
  mediaByPk?(pk: string, call?: CallContext): Promise<Media>;
  userTagged?(user: UserRef, cursor: string | null, call?: CallContext): Promise<Page<Media>>;
  followers?(user: UserRef, cursor: string | null, call?: CallContext): Promise<Page<UserSummary>>;
  following?(user: UserRef, cursor: string | null, call?: CallContext): Promise<Page<UserSummary>>;
  searchFollowers?(user: UserRef, query: string, call?: CallContext): Promise<UserSummary[]>;
  searchFollowing?(user: UserRef, query: string, call?: CallContext): Promise<UserSummary[]>;
  pinnedMedia?(user: UserRef, call?: CallContext): Promise<Media[]>;
  locationByPk?(pk: string, call?: CallContext): Promise<Location>;
  close(): Promise<void>;
}

export type ProviderOperation = Exclude<keyof Provider, 'name' | 'close'>;
