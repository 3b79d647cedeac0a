import type { z } from 'zod';
import type { CallContext } from '../domain/call';
import type { ProviderName } from '../domain/types';
import type { UpstreamHttpClient } from './http';
import { UpstreamBadResponseError } from './errors';

/** Validate an upstream body against its wire schema; a mismatch names the endpoint and the failing path. */
export function parseWire<S extends z.ZodType>(
  schema: S,
  body: unknown,
  context: { provider: ProviderName; endpoint: string },
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const failingPath = issue ? formatPath(issue.path) : '';
  throw new UpstreamBadResponseError(
    `${context.provider} ${context.endpoint} answered an unexpected shape at ${failingPath || '(root)'}: ${issue?.message ?? 'invalid'}`,
    { ...context, status: 200, failingPath },
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

export type WireParams = Record<string, string | undefined>;

/** One GET validated against its wire schema. */
export type GetWire = <S extends z.ZodType>(endpoint: string, params: WireParams, schema: S, call?: CallContext) => Promise<z.output<S>>;

/** GETs through `http`, each body validated against the endpoint's wire schema. */
export function wireGetter(http: UpstreamHttpClient): GetWire {
  return async (endpoint, params, schema, call) => parseWire(schema, await http.getJson(endpoint, params, call), { provider: http.provider, endpoint });
}
