/** Paths that are not GraphQL and spend nothing: the probes, the metrics, GraphiQL's files. */
const OPEN_PATHS = new Set(['/health', '/ready', '/metrics']);
const ASSET_PREFIX = '/graphiql-assets/';

/**
 * Whether a path serves something other than GraphQL. Everything else is treated as GraphQL: yoga
 * serves it on variants of its endpoint's path too (a trailing slash, a doubled one), so a check
 * keyed to the endpoint's spelling could be walked around.
 */
export function isOpenPath(pathname: string): boolean {
  return OPEN_PATHS.has(pathname) || pathname.startsWith(ASSET_PREFIX);
}
