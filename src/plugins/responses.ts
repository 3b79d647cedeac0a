import type { ErrorCode } from '../domain/errors';
import { EMPTY_COST } from '../data/cost';

/**
 * A GraphQL error response the server answers itself, before any GraphQL processing: with its
 * code, and with extensions.cost like every other response (nothing ran, nothing was spent).
 */
export function errorResponse(
  fetchAPI: { Response: typeof Response },
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const body = { errors: [{ message, extensions: { code } }], extensions: { cost: EMPTY_COST } };
  return new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}
