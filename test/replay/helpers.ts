import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { startReplayServer } from '../../src/replay/server';
import type { ReplayServer } from '../../src/replay/types';
import { parseJsonKeepingBigIds } from '../../src/upstream/json';

export const HIKERAPI_KEY = 'test-hikerapi-key';
export const AISA_KEY = 'test-aisa-key';

export function startTestServer(): Promise<ReplayServer> {
  return startReplayServer({ hikerapiKey: HIKERAPI_KEY, aisaKey: AISA_KEY });
}

export interface WireAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed the way our client parses it (64-bit integers kept as strings). */
  body: unknown;
}

type Params = Record<string, string | number>;

async function call(url: string, headers: Record<string, string>): Promise<WireAnswer> {
  const response = await request(url, { headers });
  const text = await response.body.text();
  let body: unknown = null;
  try {
    body = parseJsonKeepingBigIds(text);
  } catch {
    body = null;
  }
  return { status: response.statusCode, headers: response.headers, text, body };
}

const query = (params: Params): string => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();

/** GET a HikerAPI path; `key: null` sends no key. */
export function hiker(server: ReplayServer, path: string, params: Params = {}, key: string | null = HIKERAPI_KEY): Promise<WireAnswer> {
  return call(`${server.hikerapiUrl}${path}?${query(params)}`, key === null ? {} : { 'x-access-key': key });
}

/** GET an AIsa path (below /apis/v1); `key: null` sends no Authorization header. */
export function aisa(server: ReplayServer, path: string, params: Params = {}, key: string | null = AISA_KEY): Promise<WireAnswer> {
  return call(`${server.aisaUrl}${path}?${query(params)}`, key === null ? {} : { authorization: `Bearer ${key}` });
}

export function example(path: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/examples/${path}`, import.meta.url), 'utf8'));
}

export type Json = Record<string, unknown>;

export interface WirePage<T> {
  items: T[];
  next: string | null;
}

/** Follows a paged endpoint from its first page to its last; `page(cursor)` reads one page. */
export async function walkPages<T>(page: (cursor: string | null) => Promise<WirePage<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const read: WirePage<T> = await page(cursor);
    pages.push(read.items);
    cursor = read.next;
    if (pages.length > 50) throw new Error('the cursor never ends');
  } while (cursor !== null);
  return pages;
}

/** A HikerAPI `[items, nextCursor]` chunk, read from a 200 answer. */
export function chunkOf<T>(answer: WireAnswer): WirePage<T> {
  if (answer.status !== 200) throw new Error(`expected 200, got ${answer.status}: ${answer.text}`);
  const [items, next] = answer.body as [T[], string | null];
  return { items, next };
}

/** One replay server for a test file: started before its tests, closed after them. */
export function useTestServer(): { readonly server: ReplayServer } {
  let started: ReplayServer | undefined;
  beforeAll(async () => {
    started = await startTestServer();
  });
  afterAll(async () => {
    await started?.close();
  });
  return {
    get server(): ReplayServer {
      if (!started) throw new Error('useTestServer: the server starts in beforeAll');
      return started;
    },
  };
}
