import type { Redis } from 'ioredis';
import type { Clock } from './clock';

export interface RateOptions {
  requestsPerSecond?: number | undefined;
  requestsPerMinute?: number | undefined;
}

/** The time between two calls at this rate: give exactly one of the two. */
export function emissionIntervalMs({ requestsPerSecond, requestsPerMinute }: RateOptions): number {
  if ((requestsPerSecond === undefined) === (requestsPerMinute === undefined)) {
    throw new Error('give exactly one of requestsPerSecond and requestsPerMinute');
  }
  const interval = requestsPerSecond !== undefined ? 1_000 / requestsPerSecond : 60_000 / (requestsPerMinute ?? 0);
  if (!(interval > 0 && Number.isFinite(interval))) throw new Error('the request rate must be a positive number');
  return interval;
}

/**
 * GCRA with no burst: a token frees up one emission interval after the last one was taken. So at
 * most `rate` calls start in any window of the rate's length, wherever it falls, and one more in
 * the closed window that has a call at both ends. (Fixed windows, as rate-limiter-flexible keeps
 * them, let twice the rate through where two windows meet.) Answers with the milliseconds until the
 * next token, 0 once one is taken; the time is Redis's own, so every replica reads one clock.
 */
const TAKE_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local interval = tonumber(ARGV[1])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local free_at = tonumber(redis.call('GET', KEYS[1]) or '0')
if free_at > now then return tostring(free_at - now) end
redis.call('SET', KEYS[1], tostring(now + interval), 'PX', math.ceil(interval) + 1000)
return '0'
`;

/**
 * Not the key the fixed-window counter used: during a rolling deploy, replicas of both versions
 * must not read each other's differently shaped values.
 */
const KEY_PREFIX = 'instagraph:upstream-gcra:';

/** Longest we wait for Redis before counting in memory instead. */
const REDIS_TIMEOUT_MS = 250;

/**
 * The provider's request rate. With Redis the count is shared by every replica (the upstream
 * limits the API key, not our process); when Redis is not ready, fails or is slow, the process
 * counts alone, so a Redis outage costs accuracy, never requests.
 */
export class RequestRate {
  private readonly intervalMs: number;
  /** When the next token frees up in this process's own count, on `clock`. */
  private localFreeAt = -Infinity;

  constructor(
    private readonly key: string,
    private readonly options: RateOptions & { redis?: Redis | undefined; clock: Clock },
  ) {
    this.intervalMs = emissionIntervalMs(options);
  }

  /** Take a token if one is free: resolves 0. Otherwise the milliseconds until the next one, nothing taken. */
  async tryTake(): Promise<number> {
    const shared = await this.takeShared();
    return shared ?? this.takeLocal();
  }

  private takeLocal(): number {
    const now = this.options.clock.now();
    if (this.localFreeAt > now) return this.localFreeAt - now;
    this.localFreeAt = now + this.intervalMs;
    return 0;
  }

  /** Redis's answer, or undefined when there is none in time. */
  private async takeShared(): Promise<number | undefined> {
    const { redis } = this.options;
    if (redis?.status !== 'ready') return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), REDIS_TIMEOUT_MS);
    });
    const answer = redis.eval(TAKE_SCRIPT, 1, `${KEY_PREFIX}${this.key}`, String(this.intervalMs)).then(
      (reply) => {
        const waitMs = Number(reply);
        return Number.isFinite(waitMs) ? waitMs : undefined;
      },
      () => undefined,
    );
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
