import type { IncomingMessage } from 'node:http';
import type { ProviderName } from '../domain/types';
import { aisaErrorBody, aisaMethodNotAllowed, aisaRoutes, aisaUnauthorized, aisaUnknownPath } from './aisa';
import {
  hikerapiErrorBody,
  hikerapiMethodNotAllowed,
  hikerapiRoutes,
  hikerapiUnauthorized,
  hikerapiUnknownPath,
} from './hikerapi';
import type { ReplayResponse, RouteHandler } from './respond';
import type { ReplayOptions } from './types';
import type { World } from './world';

/** AIsa's paths sit below this prefix on the replay origin; everything else is HikerAPI. */
export const AISA_PREFIX = '/apis/v1';

export interface RoutedRequest {
  provider: ProviderName;
  /** Wire path without AIsa's prefix. */
  path: string;
  params: URLSearchParams;
}

/** What differs between the two providers' wire protocols, besides their routes' bodies. */
interface Protocol {
  routes: Readonly<Record<string, RouteHandler>>;
  unauthorized(): ReplayResponse;
  unknownPath(): ReplayResponse;
  methodNotAllowed(): ReplayResponse;
  /** The documented error body for a status, for faults that give none. */
  errorBody(status: number): unknown;
}

const PROTOCOLS: Readonly<Record<ProviderName, Protocol>> = {
  hikerapi: {
    routes: hikerapiRoutes,
    unauthorized: hikerapiUnauthorized,
    unknownPath: hikerapiUnknownPath,
    methodNotAllowed: hikerapiMethodNotAllowed,
    errorBody: hikerapiErrorBody,
  },
  aisa: {
    routes: aisaRoutes,
    unauthorized: aisaUnauthorized,
    unknownPath: aisaUnknownPath,
    methodNotAllowed: aisaMethodNotAllowed,
    errorBody: aisaErrorBody,
  },
};

export const protocolOf = (provider: ProviderName): Protocol => PROTOCOLS[provider];

export function route(request: IncomingMessage): RoutedRequest {
  const url = new URL(request.url ?? '/', 'http://replay.invalid');
  if (url.pathname === AISA_PREFIX || url.pathname.startsWith(`${AISA_PREFIX}/`)) {
    return { provider: 'aisa', path: url.pathname.slice(AISA_PREFIX.length) || '/', params: url.searchParams };
  }
  return { provider: 'hikerapi', path: url.pathname, params: url.searchParams };
}

export function isAuthorized(request: IncomingMessage, provider: ProviderName, options: ReplayOptions): boolean {
  if (provider === 'hikerapi') return request.headers['x-access-key'] === options.hikerapiKey;
  return request.headers.authorization === `Bearer ${options.aisaKey}`;
}

/** The world's answer to an authorized request, as the provider would give it. */
export function answer(request: RoutedRequest, method: string, world: World): ReplayResponse {
  const protocol = protocolOf(request.provider);
  const handler = protocol.routes[request.path];
  if (!handler) return protocol.unknownPath();
  if (method !== 'GET') return protocol.methodNotAllowed();
  return handler(request.params, world);
}
