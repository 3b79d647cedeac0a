import type { CORSOptions } from 'graphql-yoga';

/** Headers a browser client may read from our responses. */
const EXPOSED_HEADERS = ['x-request-id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'];

/**
 * Which web pages may call us from a browser: the configured origins (exact, `*` for any, or with
 * `*` for a port or a subdomain, e.g. http://localhost:*). Any other origin gets no CORS headers,
 * so its browser will not let the page read an answer. Credentials (cookies) only when asked for,
 * and never with `*`.
 */
export function corsPolicy(origins: readonly string[], credentials: boolean): (request: Request) => CORSOptions {
  const anyOrigin = origins.includes('*');
  const patterns = origins.filter((origin) => origin !== '*').map(originPattern);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !(anyOrigin || patterns.some((pattern) => pattern.test(origin)))) return false;
    return {
      origin: [origin],
      credentials: credentials && !anyOrigin,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-max-upstream-calls', 'x-request-id', 'x-graphql-yoga-csrf', 'accept'],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    };
  };
}

function originPattern(origin: string): RegExp {
  const escaped = origin.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const wildcards = escaped.replace(/:\*$/, '(:\\d{1,5})?').replace(/\*/g, '[A-Za-z0-9-]+');
  return new RegExp(`^${wildcards}$`, 'i');
}
