import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import { CACHE_FORMAT_VERSION } from './cached-values';

/**
 * Where normalized upstream results live between requests. Values are plain JSON-safe data
 * (domain objects, or a remembered NOT_FOUND/PRIVATE_ACCOUNT answer).
 */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** The entry under `key`; a shared store checks it against `schema` and misses when it does not fit. */
  get(key: string, schema: z.ZodType): Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface MemoryCacheOptions {
  maxEntries: number;
  maxBytes: number;
}

/** In-process and bounded by entries and by bytes. Values are kept as objects: no copy per hit. */
export class MemoryCacheStore implements CacheStore {
  readonly kind = 'memory';
  private readonly lru: LRUCache<string, { value: unknown }>;

  constructor({ maxEntries, maxBytes }: MemoryCacheOptions) {
    this.lru = new LRUCache({
      max: maxEntries,
      maxSize: maxBytes,
      // Sized once at insertion; JSON length is a fair proxy for the heap a result holds.
      sizeCalculation: (entry, key) => key.length + (JSON.stringify(entry.value)?.length ?? 0) + 1,
    });
  }

  /** No check: entries never leave this process, so they were written by this very code. */
  async get(key: string): Promise<unknown> {
    return this.lru.get(key)?.value;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.lru.set(key, { value }, { ttl: ttlMs });
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}

/**
 * A Redis client that never makes a caller wait on a reconnect: commands fail at once while the
 * connection is down, and time out quickly when it is slow. Shared by the cache and the rate limits.
 */
export function connectRedis(url: string, commandTimeoutMs = 250): Redis {
  // Loaded when Redis is configured: a single process does not carry the client's modules.
  const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const client = new RedisClient(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Without a listener ioredis reports connection errors as unhandled; for us they only mean "miss".
  client.on('error', () => undefined);
  return client;
}

/** Resolves once `client` is connected (it reconnects on its own after an outage). */
export function redisReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => client.once('ready', () => resolve()));
}

/**
 * Shared by every replica, and by replicas of other versions during a deploy: keys carry the
 * cache format version and entries are validated on the way out. Redis being slow or down
 * degrades to calling upstream: reads miss, writes are dropped, nothing throws.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis';

  constructor(
    private readonly client: Redis,
    private readonly prefix = `instagraph:v${CACHE_FORMAT_VERSION}:`,
  ) {}

  async get(key: string, schema: z.ZodType): Promise<unknown> {
    try {
      const text = await this.client.get(this.prefix + key);
      if (text === null) return undefined;
      const entry = schema.safeParse(JSON.parse(text));
      return entry.success ? entry.data : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    try {
      await this.client.set(this.prefix + key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
    } catch {
      // A dropped write only costs a later miss.
    }
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
