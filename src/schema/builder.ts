import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { GraphQLContext } from '../context';
import { upstreamCost } from './cost';
import { decodeGlobalId, encodeGlobalId } from './global-id';

/** A connection's edges and nodes are one page of its items: their fields are priced per item. */
const PAGE_OF_ITEMS = upstreamCost({ items: 'page' });

// Pothos v4 fields are nullable unless they say otherwise, which suits us: most fields need an
// upstream call that can fail on its own, and a failure must null only that field.
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string };
  };
}>({
  plugins: [RelayPlugin],
  relay: {
    cursorType: 'String',
    nodesOnConnection: { extensions: PAGE_OF_ITEMS },
    edgesFieldOptions: { nullable: { list: false, items: false }, extensions: PAGE_OF_ITEMS },
    nodeFieldOptions: { nullable: false },
    firstArgOptions: { description: 'How many items to return: 1 to 100 (default 12 for media, 15 for comments, 25 for users).' },
    afterArgOptions: { description: "An edge's cursor (or pageInfo.endCursor) from an earlier page of the same list." },
    lastArgOptions: { description: 'Not supported: upstream lists page forward only (BAD_USER_INPUT).' },
    beforeArgOptions: { description: 'Not supported: upstream lists page forward only (BAD_USER_INPUT).' },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    // Defined in query.ts instead, so that one bad id in `nodes` nulls only its own item.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO 8601 date-time in UTC, e.g. 2026-04-01T13:00:03.000Z.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new TypeError('DateTime must be an ISO 8601 string');
    return value;
  },
});
