import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PROVIDER_NAMES, type ProviderName } from './domain/types';

/** An empty variable (`FOO=`) means "not set", as if it were absent. */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optionalSecret = z.preprocess(unsetIfEmpty, z.string().trim().optional());

const providerOrder = z
  .string()
  .default('hikerapi,aisa')
  .transform((value, context) => {
    const names = value.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
    for (const name of names) {
      if (!(PROVIDER_NAMES as readonly string[]).includes(name)) {
        context.addIssue({ code: 'custom', message: `unknown provider "${name}" (expected ${PROVIDER_NAMES.join(', ')})` });
        return z.NEVER;
      }
    }
    if (names.length === 0) {
      context.addIssue({ code: 'custom', message: 'must name at least one provider, e.g. "hikerapi,aisa"' });
      return z.NEVER;
    }
    if (new Set(names).size !== names.length) {
      context.addIssue({ code: 'custom', message: 'must list each provider at most once, e.g. "hikerapi,aisa"' });
      return z.NEVER;
    }
    return names as ProviderName[];
  });

const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int().min(min).max(max).default(fallback));
const httpUrl = (fallback: string) => z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/ }).default(fallback));
const seconds = (fallback: number) => integer(fallback, 0, 7 * 24 * 3600);
const optionalInteger = (min: number, max: number) => z.preprocess(unsetIfEmpty, z.coerce.number().int().min(min).max(max).optional());
const flag = (fallback: boolean) =>
  z.preprocess(unsetIfEmpty, z.enum(['true', 'false']).default(fallback ? 'true' : 'false')).transform((value) => value === 'true');

const envSchema = z.object({
  PORT: integer(4000, 1, 65_535),
  /** Unset: 0.0.0.0 when client keys are configured, else 127.0.0.1 (see listenHost). */
  HOST: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  API_KEYS: optionalSecret,
  API_KEYS_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
  ALLOW_ANONYMOUS: flag(false),
  CLIENT_CALLS_PER_MINUTE: optionalInteger(1, 100_000_000),
  CLIENT_CALLS_PER_DAY: optionalInteger(1, 1_000_000_000),
  HIKERAPI_KEY: optionalSecret,
  HIKERAPI_URL: httpUrl('https://api.hikerapi.com'),
  AISA_API_KEY: optionalSecret,
  AISA_URL: httpUrl('https://api.aisa.one/apis/v1'),
  PROVIDER_ORDER: providerOrder,
  REDIS_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^rediss?$/ }).optional()),
  /** How long a replica's claim on an upstream call lasts unless renewed: a replica that dies mid-call holds the others up this long. */
  COALESCE_LOCK_MS: integer(3_000, 100, 600_000),
  CACHE_MAX_ENTRIES: integer(10_000, 1, 10_000_000),
  CACHE_MAX_MB: integer(64, 1, 65_536),
  CACHE_TTL_PROFILE_S: seconds(300),
  CACHE_TTL_MEDIA_LIST_S: seconds(300),
  CACHE_TTL_USER_LIST_S: seconds(900),
  CACHE_TTL_MEDIA_S: seconds(600),
  CACHE_TTL_LOCATION_S: seconds(86_400),
  CACHE_TTL_NEGATIVE_S: seconds(60),
  MAX_UPSTREAM_CALLS: integer(200, 1, 100_000),
  MAX_DEPTH: integer(12, 2, 100),
  MAX_ALIASES: integer(30, 1, 1_000),
  MAX_TOKENS: integer(2_000, 50, 100_000),
  REQUEST_TIMEOUT_MS: integer(15_000, 100, 600_000),
  MIN_CALL_BUDGET_MS: integer(250, 0, 60_000),
  HIKERAPI_RPS: integer(15, 1, 10_000),
  HIKERAPI_CONCURRENCY: integer(10, 1, 1_000),
  AISA_RPM: integer(600, 1, 600_000),
  AISA_CONCURRENCY: integer(20, 1, 1_000),
  UPSTREAM_MAX_ATTEMPTS: integer(3, 1, 10),
  BREAKER_FAILURES: integer(5, 1, 1_000),
  BREAKER_COOLDOWN_MS: integer(10_000, 10, 600_000),
  SHUTDOWN_GRACE_MS: integer(10_000, 0, 600_000),
  DEMO_LATENCY_MS: integer(0, 0, 60_000),
  NODE_ENV: z.preprocess(unsetIfEmpty, z.string().optional()),
  LOG_LEVEL: z.preprocess(unsetIfEmpty, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  /** Unset: JSON in production or when stdout is not a terminal, readable lines otherwise. */
  LOG_FORMAT: z.preprocess(unsetIfEmpty, z.enum(['json', 'pretty']).optional()),
  /** Serve /metrics on this port instead of the main one (e.g. for a scraper on a private network). */
  METRICS_PORT: optionalInteger(1, 65_535),
  READY_REDIS_GRACE_MS: integer(5_000, 0, 600_000),
  /** OpenTelemetry traces go here over OTLP/HTTP (…/v1/traces); unset: no tracing. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/ }).optional()),
  MAX_CONNECTIONS: optionalInteger(1, 1_000_000),
  MAX_BODY_BYTES: integer(65_536, 1_024, 100 * 1024 * 1024),
  /** Comma-separated origins allowed to call from a browser, or *; unset: none, or http://localhost:* in demo mode. */
  CORS_ORIGINS: z.preprocess(unsetIfEmpty, z.string().optional()),
  CORS_CREDENTIALS: flag(false),
  /** Unset: on in demo mode, off when NODE_ENV=production, on otherwise. */
  GRAPHIQL: z.preprocess(unsetIfEmpty, z.enum(['true', 'false']).optional()),
  INTROSPECTION: z.preprocess(unsetIfEmpty, z.enum(['true', 'false']).optional()),
  PERSISTED_OPERATIONS: z.preprocess(unsetIfEmpty, z.enum(['off', 'allow', 'require']).default('off')),
  PERSISTED_OPERATIONS_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
  CURSOR_SECRET: z.preprocess(unsetIfEmpty, z.string().min(16, 'must be at least 16 characters').optional()),
});

export type Config = z.infer<typeof envSchema>;

/** Never echoed in an error: keys, the cursor secret, and a Redis URL that may carry a password. */
const SECRET_VARIABLES = new Set(['HIKERAPI_KEY', 'AISA_API_KEY', 'CURSOR_SECRET', 'REDIS_URL', 'API_KEYS']);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]}`
        : `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Read and validate the environment; one line per bad variable, never echoing a secret's value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(environment)');
      const shown = SECRET_VARIABLES.has(variable) ? '' : ` (got "${env[variable] ?? ''}")`;
      return `${variable}: ${issue.message}${shown}`;
    }),
  );
}

/**
 * The key that signs cursors. Without CURSOR_SECRET it is derived from the API keys, so every
 * replica configured alike accepts the others' cursors with nothing more to set.
 */
export function cursorSecret(config: Config): string {
  return (
    config.CURSOR_SECRET ??
    createHash('sha256').update(`instagraph-cursors\0${config.HIKERAPI_KEY ?? ''}\0${config.AISA_API_KEY ?? ''}`).digest('base64url')
  );
}

/** A JSON file a variable names, checked against `schema`; any problem is a ConfigError naming the variable. */
export function readJsonFile<S extends z.ZodType>(variable: string, path: string, schema: S): z.output<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${variable}: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${variable}: ${issue.path.join('.') || '(file)'}: ${issue.message}`));
  }
  return result.data;
}

/** Every secret the configuration holds, to be scrubbed from every log line. */
export function configuredSecrets(config: Config): string[] {
  const listed = (config.API_KEYS ?? '').split(',').map((pair) => pair.slice(pair.indexOf(':') + 1).trim());
  const redisPassword = config.REDIS_URL ? decodeURIComponent(new URL(config.REDIS_URL).password) : '';
  return [config.HIKERAPI_KEY, config.AISA_API_KEY, config.CURSOR_SECRET, redisPassword, ...listed].filter(
    (secret): secret is string => secret !== undefined && secret.length > 0,
  );
}

/** Settings that are valid but probably not what was meant: printed at start. */
export function configWarnings(config: Config): string[] {
  const keys: [ProviderName, string, string | undefined][] = [
    ['hikerapi', 'HIKERAPI_KEY', config.HIKERAPI_KEY],
    ['aisa', 'AISA_API_KEY', config.AISA_API_KEY],
  ];
  return keys
    .filter(([provider, , key]) => key !== undefined && !config.PROVIDER_ORDER.includes(provider))
    .map(([provider, variable]) => `${variable} is set but PROVIDER_ORDER does not list ${provider}, so it is not used`);
}

export interface EdgeSwitches {
  graphiql: boolean;
  introspection: boolean;
  corsOrigins: string[];
}

/**
 * What the server shows and to whom: GraphiQL and introspection (on in demo mode, off in
 * production, on otherwise, unless set), and the origins browsers may call from (none unless set;
 * localhost in demo mode).
 */
export function edgeSwitches(config: Config, demo: boolean): EdgeSwitches {
  const byDefault = demo || config.NODE_ENV !== 'production';
  const corsOrigins = config.CORS_ORIGINS?.split(',').map((origin) => origin.trim()).filter(Boolean) ?? (demo ? ['http://localhost:*', 'http://127.0.0.1:*'] : []);
  if (config.CORS_CREDENTIALS && corsOrigins.includes('*')) {
    throw new ConfigError(['CORS_CREDENTIALS=true cannot be used with CORS_ORIGINS=*: list the origins that may send credentials']);
  }
  return {
    graphiql: config.GRAPHIQL === undefined ? byDefault : config.GRAPHIQL === 'true',
    introspection: config.INTROSPECTION === undefined ? byDefault : config.INTROSPECTION === 'true',
    corsOrigins,
  };
}

/** With neither key set, instagraph serves the replay upstream's fixture world. */
export function isDemoMode(config: Config): boolean {
  return config.HIKERAPI_KEY === undefined && config.AISA_API_KEY === undefined;
}
