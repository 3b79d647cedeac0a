import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, isDemoMode, readJsonFile, type Config } from './config';

/**
 * Who may spend: the clients configured with API_KEYS_FILE or API_KEYS. A client is known by its
 * name (which logs, metrics and responses use); its key is kept only as a SHA-256 digest and
 * compared in constant time.
 */
export interface Client {
  name: string;
  /** Upstream calls per minute and per day; unlimited when undefined. */
  callsPerMinute: number | undefined;
  callsPerDay: number | undefined;
  /** Most upstream calls one request of this client may cost (never above MAX_UPSTREAM_CALLS). */
  maxCallsPerRequest: number | undefined;
  /** Most of this client's upstream calls in flight at once, per provider. */
  concurrency: number | undefined;
}

const positive = z.number().int().positive().optional();

const clientEntrySchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" and "-", at most 64'),
  keySha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'the hex SHA-256 of the key (64 hex digits)'),
  callsPerMinute: positive,
  callsPerDay: positive,
  maxCallsPerRequest: positive,
  concurrency: positive,
});

const clientFileSchema = z.array(clientEntrySchema).min(1, 'lists no client');

interface KeyedClient {
  client: Client;
  digest: Buffer;
}

export class ClientRegistry {
  private constructor(private readonly keyed: readonly KeyedClient[]) {}

  /** The clients of API_KEYS_FILE and API_KEYS; none when neither is set (anonymous use). */
  static fromConfig(config: Config): ClientRegistry {
    const defaults = { callsPerMinute: config.CLIENT_CALLS_PER_MINUTE, callsPerDay: config.CLIENT_CALLS_PER_DAY };
    const keyed = [...fromFile(config.API_KEYS_FILE, defaults), ...fromList(config.API_KEYS, defaults)];
    const names = keyed.map((entry) => entry.client.name);
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    if (repeated) throw new ConfigError([`API_KEYS/API_KEYS_FILE: client "${repeated}" is configured twice`]);
    return new ClientRegistry(keyed);
  }

  get configured(): boolean {
    return this.keyed.length > 0;
  }

  /** The client whose key this is, or undefined. Every configured digest is compared, in constant time each. */
  identify(presentedKey: string): Client | undefined {
    const digest = sha256(presentedKey);
    let found: Client | undefined;
    for (const { client, digest: expected } of this.keyed) {
      if (timingSafeEqual(digest, expected)) found = client;
    }
    return found;
  }
}

/** The key a request presents: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedKey(headers: Headers): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
  return bearer ?? headers.get('x-api-key')?.trim() ?? undefined;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

type Defaults = Pick<Client, 'callsPerMinute' | 'callsPerDay'>;

function fromFile(path: string | undefined, defaults: Defaults): KeyedClient[] {
  if (path === undefined) return [];
  return readJsonFile('API_KEYS_FILE', path, clientFileSchema).map(({ keySha256, ...entry }) => ({
    client: {
      name: entry.name,
      callsPerMinute: entry.callsPerMinute ?? defaults.callsPerMinute,
      callsPerDay: entry.callsPerDay ?? defaults.callsPerDay,
      maxCallsPerRequest: entry.maxCallsPerRequest,
      concurrency: entry.concurrency,
    },
    digest: Buffer.from(keySha256, 'hex'),
  }));
}

/** API_KEYS="name:key,name:key": the quick start, every client with the default limits. */
function fromList(list: string | undefined, defaults: Defaults): KeyedClient[] {
  if (list === undefined) return [];
  return list.split(',').map((pair, index) => {
    const separator = pair.indexOf(':');
    const name = pair.slice(0, separator).trim();
    const key = pair.slice(separator + 1).trim();
    if (separator < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(name) || key.length < 16) {
      // Never echo the pair: it holds a key.
      throw new ConfigError([`API_KEYS: entry ${index + 1} must be name:key, the name of letters, digits, ".", "_" or "-" and the key at least 16 characters`]);
    }
    return {
      client: { name, ...defaults, maxCallsPerRequest: undefined, concurrency: undefined },
      digest: sha256(key),
    };
  });
}

/**
 * Where to listen. Without client keys, anyone who reaches the port spends the operator's money:
 * unless ALLOW_ANONYMOUS=true, such a server listens on loopback only, and refuses a HOST that is
 * not. Demo mode spends nothing and may listen anywhere.
 */
export function listenHost(config: Config, clients: ClientRegistry): string {
  const loopback = config.HOST === undefined || ['127.0.0.1', 'localhost', '::1'].includes(config.HOST);
  const open = clients.configured || config.ALLOW_ANONYMOUS || isDemoMode(config);
  if (!open && !loopback) {
    throw new ConfigError([
      `HOST=${config.HOST} would let anyone on the network spend your provider keys: set API_KEYS or API_KEYS_FILE, or ALLOW_ANONYMOUS=true`,
    ]);
  }
  return config.HOST ?? (clients.configured ? '0.0.0.0' : '127.0.0.1');
}
