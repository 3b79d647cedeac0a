import type { RequestData } from './data/request-data';

/** Per-request GraphQL context: resolvers reach upstream data only through `data`. */
export interface GraphQLContext {
  data: RequestData;
  /** The raw x-max-upstream-calls header when it is not a positive integer: the request is refused. */
  invalidCallCap?: string | undefined;
}
