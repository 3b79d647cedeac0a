import type { RequestData } from './data/request-data';

/** Per-request GraphQL context: resolvers reach upstream data only through `data`. */
export interface GraphQLContext {
  data: RequestData;
}
