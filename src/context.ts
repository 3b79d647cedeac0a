import type { YogaInitialContext } from 'graphql-yoga';
import type { Client } from './clients';
import type { RequestData } from './data/request-data';
import type { CursorCodec } from './schema/cursors';

/** What instagraph adds to each request's context: resolvers reach upstream data only through `data`. */
export interface RequestContext {
  data: RequestData;
  /** Signs and checks the connection cursors we issue. */
  cursors: CursorCodec;
  /** The client whose key the request carries; undefined when no client keys are configured. */
  client: Client | undefined;
}

/** The context resolvers and plugins see: yoga's (the HTTP request, its params) and ours. */
export type GraphQLContext = YogaInitialContext & RequestContext;
