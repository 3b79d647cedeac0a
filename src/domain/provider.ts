import type { CallContext } from './call';
import type {
  Comment,
  Highlight,
  Location,
  Media,
  MediaRef,
  Page,
  ProviderName,
  StoryItem,
  User,
  UserAbout,
  UserRef,
  UserSummary,
} from './types';

/**
 * What the data layer needs from an upstream provider. Optional methods are operations
 * the provider cannot serve (AIsa has no followers, following, tagged, likers, location, about or
 * stories endpoints; HikerAPI has no transcripts);
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
  locationRecentMedia?(locationPk: string, cursor: string | null, call?: CallContext): Promise<Page<Media>>;
  locationTopMedia?(locationPk: string, cursor: string | null, call?: CallContext): Promise<Page<Media>>;
  /** Top-level comments, in the upstream's order. */
  comments?(media: MediaRef, cursor: string | null, call?: CallContext): Promise<Page<Comment>>;
  /** The whole likers list: one call answers it unpaged. */
  likers?(media: MediaRef, call?: CallContext): Promise<UserSummary[]>;
  /** The words spoken in a video; null when none were found. Only for videos. */
  transcript?(media: MediaRef, call?: CallContext): Promise<string | null>;
  userAbout?(userPk: string, call?: CallContext): Promise<UserAbout>;
  /** Live stories, oldest first; [] without any, null when the answer did not list them. */
  userStories?(userPk: string, call?: CallContext): Promise<StoryItem[] | null>;
  /** Highlights in tray order, with their items when the answer carries them. */
  userHighlights?(userPk: string, call?: CallContext): Promise<Highlight[]>;
  /** One highlight's items, for providers whose highlights list carries none. */
  highlightItems?(highlightId: string, call?: CallContext): Promise<StoryItem[]>;
  close(): Promise<void>;
}

export type ProviderOperation = Exclude<keyof Provider, 'name' | 'close'>;
