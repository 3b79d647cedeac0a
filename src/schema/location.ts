import type { LocationFeedKind, Location, Media } from '../domain/types';
import { builder } from './builder';
import { listField } from './connections';
import { parsePk } from './inputs';
import { DEFAULT_MEDIA_PAGE_SIZE } from './paging';
import { LocationObject, MediaConnection, MediaObject } from './refs';

function feed(kind: LocationFeedKind) {
  return listField<Location, Media>(kind, DEFAULT_MEDIA_PAGE_SIZE, (location, ctx, cursor, provider) =>
    ctx.data.locationFeedPage(kind, location.pk, cursor, provider),
  );
}

builder.node(LocationObject, {
  description: 'A place media can be tagged with.',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'lat' in value && 'name' in value && !('username' in value),
  id: { resolve: (location) => location.pk, parse: (id) => parsePk(id, 'Location id') },
  loadOne: (pk, ctx) => ctx.data.location(pk),
  fields: (t) => ({
    pk: t.exposeID('pk', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    address: t.exposeString('address'),
    city: t.exposeString('city'),
    lat: t.exposeFloat('lat'),
    lng: t.exposeFloat('lng'),
    recentMedia: t.connection(
      {
        type: MediaObject,
        description: 'Public media posted at this place, newest first.',
        ...feed('locationRecent'),
      },
      MediaConnection,
    ),
    topMedia: t.connection(
      {
        type: MediaObject,
        description: "The place's most popular media, as Instagram ranks them.",
        ...feed('locationTop'),
      },
      MediaConnection,
    ),
  }),
});
