import type { CarouselItem, Comment, Highlight, Location, Media, StoryItem, User, UserAbout, UserSummary, Usertag } from '../domain/types';
import { builder } from './builder';

// Refs first, implementations in their own files: User and Media refer to each other.
export const UserObject = builder.objectRef<UserSummary | User>('User');
export const MediaObject = builder.objectRef<Media>('Media');
export const LocationObject = builder.objectRef<Location>('Location');
export const CarouselItemObject = builder.objectRef<CarouselItem>('CarouselItem');
export const UsertagObject = builder.objectRef<Usertag>('Usertag');
export const CommentObject = builder.objectRef<Comment>('Comment');
export const UserAboutObject = builder.objectRef<UserAbout>('UserAbout');
export const StoryItemObject = builder.objectRef<StoryItem>('StoryItem');
export const HighlightObject = builder.objectRef<Highlight>('Highlight');

export const MediaTypeEnum = builder.enumType('MediaType', {
  values: {
    PHOTO: { description: 'A single photo.' },
    VIDEO: { description: 'A video: a reel, a feed video or an IGTV video (see productType).' },
    CAROUSEL: { description: 'An album of photos and videos (see carouselItems).' },
  } as const,
});

export const MediaConnection = builder.connectionObject(
  { type: MediaObject, name: 'MediaConnection', description: 'A page of media, in the order Instagram lists them (newest first).' },
  { name: 'MediaEdge' },
);

export const UserConnection = builder.connectionObject(
  { type: UserObject, name: 'UserConnection', description: 'A page of users, in the order Instagram lists them.' },
  { name: 'UserEdge' },
);

export const CommentConnection = builder.connectionObject(
  { type: CommentObject, name: 'CommentConnection', description: 'A page of top-level comments, in the order the upstream lists them.' },
  { name: 'CommentEdge' },
);
