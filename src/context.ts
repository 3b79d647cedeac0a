import type { RequestData } from './data/request-data';
import type { CursorCodec } from './schema/connections';

/** Per-request GraphQL context: resolvers reach upstream data only through `data`. */
export interface GraphQLContext {
  data: RequestData;
  /** Signs and checks the connection cursors we issue. */
  cursors: CursorCodec;
  /** The raw x-max-upstream-calls header when it is not a positive integer: the request is refused. */
  invalidCallCap?: string | undefined;
}
