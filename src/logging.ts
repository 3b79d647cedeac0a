import { createRequire } from 'node:module';
import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { destination as fileDestination, pino, type DestinationStream, type Logger } from 'pino';
import { GatewayError, type ErrorCode } from './domain/errors';
import type { ProviderName } from './domain/types';
import { UpstreamError } from './upstream/errors';
import { SecretRedactor } from './upstream/redact';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** JSON lines for machines, or readable lines for a developer's terminal. */
  format: 'json' | 'pretty';
  /** Every configured secret: no line may hold any run of one (see SecretRedactor). */
  secrets: readonly string[];
  /** Where lines go; stdout unless a test captures them. */
  destination?: DestinationStream;
}

/** pino, with every line scrubbed of our secrets on its way out, whatever logged it. */
export function createLogger({ level, format, secrets, destination }: LoggerOptions): Logger {
  const redactor = new SecretRedactor(secrets);
  const stream = format === 'pretty' ? prettyStream(destination) : (destination ?? fileDestination(1));
  return pino(
    {
      level,
      base: { service: 'instagraph' },
      redact: { paths: ['headers.authorization', 'headers["x-api-key"]', 'headers["x-access-key"]'], censor: '[redacted]' },
      hooks: { streamWrite: (line) => redactor.redact(line) },
    },
    stream,
  );
}

/** Readable lines for a terminal; pino-pretty is loaded only for them. */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pretty({ colorize: true, destination: destination ?? 1, sync: true });
}

/**
 * What yoga logs. Errors it hands to maskError that are ours (an upstream's answer, a gateway
 * decision) are already in the request's completion line and the upstream exchange lines; anything
 * else is an internal error and is logged with its stack, which never reaches the client.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: (...args: unknown[]) => logger.debug({ detail: args.map(String) }, 'yoga'),
    info: (...args: unknown[]) => logger.info({ detail: args.map(String) }, 'yoga'),
    warn: (...args: unknown[]) => logger.warn({ detail: args.map(String) }, 'yoga'),
    error: (...args: unknown[]) => {
      if (isOurs(args[0])) return;
      const error = args[0] instanceof GraphQLError ? (args[0].originalError ?? args[0]) : args[0];
      logger.error({ err: error }, 'unexpected error');
    },
  };
}

function isOurs(value: unknown): boolean {
  const original = value instanceof GraphQLError ? value.originalError : value;
  return original instanceof UpstreamError || original instanceof GatewayError;
}

/** Codes that mean the operator must act on a provider account: a revoked key, an empty balance. */
const ACCOUNT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['UPSTREAM_AUTH', 'UPSTREAM_PAYMENT_REQUIRED']);

/**
 * A provider refusing our key or our balance is the operator's to fix, even when failover hid it
 * from clients: one warning per provider per interval, naming provider and status, never the key.
 */
export class OperatorAlerts {
  private readonly lastWarned = new Map<ProviderName, number>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  exchangeFailed(provider: ProviderName, status: number | undefined, code: ErrorCode | undefined): void {
    if (code === undefined || !ACCOUNT_CODES.has(code)) return;
    const now = Date.now();
    if (now - (this.lastWarned.get(provider) ?? -Infinity) < this.intervalMs) return;
    this.lastWarned.set(provider, now);
    const what = code === 'UPSTREAM_AUTH' ? 'rejects our API key' : 'says our balance is exhausted';
    this.logger.warn({ provider, status, code }, `${provider} ${what} (HTTP ${status ?? '?'}): requests fail over or fail until the operator fixes the account`);
  }
}
