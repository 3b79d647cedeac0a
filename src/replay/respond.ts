import type { z } from 'zod';
import type { World } from './world';

/**
 * An integer written to the wire as a bare JSON number, however large. Instagram's mobile API sends
 * 64-bit media pks as numbers; clients must not round them, so the replay upstream sends them too.
 */
export class RawJsonInteger {
  constructor(readonly digits: string) {}
}

/** A handler's answer. `items` picks the objects `omitField` faults strip a field from. */
export interface ReplayResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  items?: (body: unknown) => unknown[];
}

export type RouteHandler = (params: URLSearchParams, world: World) => ReplayResponse;

export const ok = (body: unknown, items?: (body: unknown) => unknown[]): ReplayResponse =>
  items ? { status: 200, body, items } : { status: 200, body };

const RAW_MARK = '\u0000raw:';

/** JSON text of a response body, with RawJsonInteger values written as bare numbers. */
export function serializeBody(body: unknown): string {
  const text = JSON.stringify(body, (_key, value: unknown) =>
    value instanceof RawJsonInteger ? `${RAW_MARK}${value.digits}` : value,
  );
  return text.replace(/"\\u0000raw:(\d+)"/g, '$1');
}

/** Deep copy of a response body (RawJsonInteger values are immutable and shared). */
export function cloneBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneBody);
  if (value && typeof value === 'object' && !(value instanceof RawJsonInteger)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, cloneBody(entry)]));
  }
  return value;
}

/** Removes a dotted field (e.g. "user.username") from an object, if present. */
export function omitDottedField(target: unknown, dottedPath: string): void {
  const segments = dottedPath.split('.');
  const last = segments.pop();
  if (last === undefined) return;
  let current: unknown = target;
  for (const segment of segments) {
    if (!current || typeof current !== 'object') return;
    current = (current as Record<string, unknown>)[segment];
  }
  if (current && typeof current === 'object') delete (current as Record<string, unknown>)[last];
}

/** One page of `list` starting at `start`; `next` is the index the following page starts at, or null. */
export function pageOf<T>(list: readonly T[], start: number, size: number): { items: T[]; next: number | null } {
  const items = list.slice(start, start + size);
  const end = start + items.length;
  return { items, next: end < list.length ? end : null };
}

export const toBase64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
export const fromBase64 = (token: string): string => Buffer.from(token, 'base64').toString('utf8');

/** An opaque cursor carrying a small JSON value. */
export const jsonToken = (value: unknown): string => toBase64(JSON.stringify(value));

/** The value of a `jsonToken`, or null when the token is not one of this shape. */
export function readJsonToken<T>(token: string, schema: z.ZodType<T>): T | null {
  let decoded: unknown;
  try {
    decoded = JSON.parse(fromBase64(token));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(decoded);
  return parsed.success ? parsed.data : null;
}
