import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { Media, UserSummary } from '../domain/types';
import { CACHE_FORMAT_VERSION, MEDIA_FACTS, USER_FACTS } from './cached-values';

/**
 * What we know about each media and user, whichever answer told us: a reel's play count from
 * /clips/chunk or a single-media answer, a user's profile fields. An answer that lacks a value we
 * know (HikerAPI's feed reports no play counts) is filled from it, within the cache TTL and at no
 * upstream call, so a client cache keyed by id never sees a known value turn into null.
 * Only nullable scalar fields are filled, and only where the answer has null: a value an answer
 * states (including "") is never replaced.
 */

type Scalar = string | number | boolean;
type Facts = Record<string, Scalar>;
type EntityKind = 'media' | 'user';

const FACT_SCHEMAS: Record<EntityKind, z.ZodType<Facts>> = { media: MEDIA_FACTS, user: USER_FACTS };
/** The fields that can be filled, per kind: the keys of the schemas above. */
const FACT_FIELDS: Record<EntityKind, readonly string[]> = { media: Object.keys(MEDIA_FACTS.shape), user: Object.keys(USER_FACTS.shape) };

interface Entity {
  key: string;
  kind: EntityKind;
  object: Record<string, unknown>;
}

/** Where facts live: in this process, or in Redis shared by every replica. */
export interface FactStore {
  /** Merge `facts` into each entity's known values, each fact valid for `ttlMs`. */
  learn(entries: { key: string; facts: Facts; ttlMs: number }[]): Promise<void>;
  /** The known, unexpired values of each key, of the types the kind's fields have. */
  recall(keys: string[]): Promise<Map<string, Facts>>;
}

export interface FactTtls {
  media: number;
  user: number;
}

export class EntityFacts {
  constructor(
    private readonly store: FactStore,
    private readonly ttls: FactTtls,
  ) {}

  /** Remember the non-null scalar values of every media and user in a fresh upstream answer. */
  async learn(value: unknown): Promise<void> {
    const entries = entitiesIn(value)
      .map(({ key, kind, object }) => ({ key, facts: scalarsOf(object, kind), ttlMs: this.ttls[kind] }))
      .filter((entry) => entry.ttlMs > 0 && Object.keys(entry.facts).length > 0);
    if (entries.length > 0) await this.store.learn(entries);
  }

  /** `value` with its entities' null fields filled from what we know: a copy where anything changed, else `value` itself. */
  async fill<T>(value: T): Promise<T> {
    const entities = entitiesIn(value).filter(({ object }) => Object.values(object).some((field) => field === null));
    if (entities.length === 0) return value;
    const known = await this.store.recall([...new Set(entities.map((entity) => entity.key))]);
    const filled = new Map<object, Record<string, unknown>>();
    for (const { key, object } of entities) {
      const patch = Object.entries(known.get(key) ?? {}).filter(([field]) => field in object && object[field] === null);
      if (patch.length > 0) filled.set(object, { ...object, ...Object.fromEntries(patch) });
    }
    return filled.size === 0 ? value : (replaceObjects(value, filled) as T);
  }
}

const isMedia = (value: Record<string, unknown>): value is Record<string, unknown> & Pick<Media, 'pk' | 'code'> =>
  typeof value.pk === 'string' && typeof value.code === 'string' && 'mediaType' in value;
const isUser = (value: Record<string, unknown>): value is Record<string, unknown> & Pick<UserSummary, 'pk' | 'username'> =>
  typeof value.pk === 'string' && typeof value.username === 'string';

/** Every media and user inside a domain value (pages, lists, owners, tags, coauthors). */
function entitiesIn(value: unknown, into: Entity[] = []): Entity[] {
  if (Array.isArray(value)) {
    for (const item of value) entitiesIn(item, into);
  } else if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    if (isMedia(object)) into.push({ key: `media:${object.pk}`, kind: 'media', object });
    else if (isUser(object)) into.push({ key: `user:${object.pk}`, kind: 'user', object });
    for (const child of Object.values(object)) if (typeof child === 'object' && child !== null) entitiesIn(child, into);
  }
  return into;
}

/** The fillable fields an answer states: our own domain values, so no validation is needed here. */
function scalarsOf(object: Record<string, unknown>, kind: EntityKind): Facts {
  const facts: Facts = {};
  for (const field of FACT_FIELDS[kind]) {
    const value = object[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') facts[field] = value;
  }
  return facts;
}

/** A copy of `value` with the objects in `replacements` swapped in; untouched branches are shared, not copied. */
function replaceObjects(value: unknown, replacements: Map<object, Record<string, unknown>>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const own = replacements.get(value) ?? value;
  let changed = own !== value;
  const walk = (child: unknown) => {
    const next = replaceObjects(child, replacements);
    if (next !== child) changed = true;
    return next;
  };
  const copy = Array.isArray(own) ? own.map(walk) : Object.fromEntries(Object.entries(own).map(([key, child]) => [key, walk(child)]));
  return changed ? copy : value;
}

/** Facts in this process: per entity, each field with its own expiry. */
export class MemoryFactStore implements FactStore {
  private readonly lru: LRUCache<string, Map<string, { value: Scalar; until: number }>>;

  constructor(maxEntities: number) {
    this.lru = new LRUCache({ max: maxEntities });
  }

  async learn(entries: { key: string; facts: Facts; ttlMs: number }[]): Promise<void> {
    const now = Date.now();
    for (const { key, facts, ttlMs } of entries) {
      const known = this.lru.get(key) ?? new Map();
      for (const [field, value] of Object.entries(facts)) known.set(field, { value, until: now + ttlMs });
      this.lru.set(key, known);
    }
  }

  /** Written by this process from its own domain values: trusted as they are. */
  async recall(keys: string[]): Promise<Map<string, Facts>> {
    const now = Date.now();
    const result = new Map<string, Facts>();
    for (const key of keys) {
      const known = this.lru.get(key);
      if (!known) continue;
      result.set(key, Object.fromEntries([...known].filter(([, fact]) => fact.until > now).map(([field, fact]) => [field, fact.value])));
    }
    return result;
  }
}

/**
 * Facts in Redis, shared by replicas: one hash per entity, each field holding [value, expiry];
 * the hash expires with its latest fact. Redis slow or down: nothing is learned or recalled.
 */
export class RedisFactStore implements FactStore {
  private readonly prefix = `instagraph:v${CACHE_FORMAT_VERSION}:facts:`;

  constructor(private readonly client: Redis) {}

  async learn(entries: { key: string; facts: Facts; ttlMs: number }[]): Promise<void> {
    const now = Date.now();
    const pipeline = this.client.pipeline();
    for (const { key, facts, ttlMs } of entries) {
      const fields = Object.entries(facts).flatMap(([field, value]) => [field, JSON.stringify([value, now + ttlMs])]);
      pipeline.hset(this.prefix + key, ...fields).pexpire(this.prefix + key, Math.max(1, Math.round(ttlMs)));
    }
    try {
      await pipeline.exec();
    } catch {
      // A lost fact only means an answer keeps its null.
    }
  }

  /** Written by any replica, of any version: checked against the kind's fields before use. */
  async recall(keys: string[]): Promise<Map<string, Facts>> {
    const pipeline = this.client.pipeline();
    for (const key of keys) pipeline.hgetall(this.prefix + key);
    const result = new Map<string, Facts>();
    try {
      const replies = (await pipeline.exec()) ?? [];
      const now = Date.now();
      replies.forEach(([error, hash], index) => {
        if (error || typeof hash !== 'object' || hash === null) return;
        const key = keys[index] as string;
        const facts = FACT_SCHEMAS[key.startsWith('media:') ? 'media' : 'user'].safeParse(unexpired(hash as Record<string, string>, now));
        if (facts.success) result.set(key, facts.data);
      });
    } catch {
      // Nothing recalled: answers keep their nulls.
    }
    return result;
  }
}

function unexpired(hash: Record<string, string>, now: number): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [field, text] of Object.entries(hash)) {
    try {
      const [value, until] = JSON.parse(text) as [unknown, unknown];
      if (typeof until === 'number' && until > now) facts[field] = value;
    } catch {
      // An unreadable fact is no fact.
    }
  }
  return facts;
}
