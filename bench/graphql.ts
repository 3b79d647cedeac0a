import { z } from 'zod';

export interface GraphQLRequestBody {
  query: string;
  variables?: Record<string, unknown>;
}

const costSchema = z.object({
  estimated: z.number().nullable(),
  upstreamCalls: z.number().int(),
  cacheHits: z.number().int(),
  byProvider: z.record(z.string(), z.object({ upstreamCalls: z.number().int(), cacheHits: z.number().int() })),
});

export const graphQLResponseSchema = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.looseObject({ message: z.string(), extensions: z.looseObject({ code: z.string().optional() }).optional() })).optional(),
  extensions: z.looseObject({ cost: costSchema.optional() }).optional(),
});

export type GraphQLResponseBody = z.infer<typeof graphQLResponseSchema>;
export type CostExtension = z.infer<typeof costSchema>;

/** Anything that answers a GraphQL request the way yoga.fetch or a real server does. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<Response>;

export function graphQLRequestInit(body: GraphQLRequestBody) {
  return {
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  };
}

export async function postGraphQL(fetchLike: FetchLike, url: string, body: GraphQLRequestBody): Promise<GraphQLResponseBody> {
  const response = await fetchLike(url, graphQLRequestInit(body));
  const parsed = graphQLResponseSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`HTTP ${response.status}: not a GraphQL response: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The errors of a response, one line each, or null when there are none. */
export function describeErrors(response: GraphQLResponseBody): string | null {
  if (!response.errors?.length) return null;
  return response.errors.map((error) => `${error.extensions?.code ?? 'ERROR'}: ${error.message}`).join('; ');
}
