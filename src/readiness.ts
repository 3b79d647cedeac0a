import type { Redis } from 'ioredis';
import type { Plugin } from 'graphql-yoga';
import type { ProviderName } from './domain/types';
import type { CircuitStateName } from './upstream/resilience';

export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  /** 'not configured', 'up', 'connecting' (never reached yet) or 'down' (with how long). */
  redis: string;
  circuits: Partial<Record<ProviderName, CircuitStateName>>;
}

/**
 * Whether this replica should get traffic (liveness is /health): not while it drains, not while
 * Redis is configured and has been unreachable past a grace period (replicas would stop acting as
 * one), not while every provider's circuit is open.
 */
export class Readiness {
  private draining = false;
  private everConnected = false;
  private downSince: number | undefined;

  constructor(
    private readonly redis: Redis | undefined,
    private readonly circuits: () => Partial<Record<ProviderName, CircuitStateName>>,
    private readonly redisGraceMs: number,
    /** Whether the other Redis connections (pub/sub for shared calls) are up too. */
    private readonly sharedConnected: () => boolean = () => true,
  ) {
    if (!redis) return;
    // The moment a connection drops, not the moment /ready is next asked, starts the grace period.
    const down = () => {
      if (this.everConnected) this.downSince ??= Date.now();
    };
    redis.on('ready', () => {
      if (this.sharedConnected()) this.everConnected = true;
    });
    redis.on('close', down);
    redis.on('end', down);
  }

  startDraining(): void {
    this.draining = true;
  }

  report(): ReadinessReport {
    const circuits = this.circuits();
    const states = Object.values(circuits);
    const allOpen = states.length > 0 && states.every((state) => state === 'open');
    const redis = this.redisState();
    const redisOk = redis === 'not configured' || redis === 'up' || (redis.startsWith('down') && !this.downTooLong());
    return { ready: !this.draining && redisOk && !allOpen, draining: this.draining, redis, circuits };
  }

  private redisState(): string {
    if (!this.redis) return 'not configured';
    // Up means both connections: the commands' and the shared calls' pub/sub.
    if (this.redis.status === 'ready' && this.sharedConnected()) {
      this.everConnected = true;
      this.downSince = undefined;
      return 'up';
    }
    if (!this.everConnected) return 'connecting';
    this.downSince ??= Date.now();
    return `down for ${Date.now() - this.downSince} ms`;
  }

  private downTooLong(): boolean {
    return this.downSince !== undefined && Date.now() - this.downSince > this.redisGraceMs;
  }
}

/** GET /ready: 200 or 503, with a JSON body saying which check failed. */
export function useReadinessEndpoint(readiness: Readiness, path = '/ready'): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== path) return;
      const report = readiness.report();
      endResponse(
        new fetchAPI.Response(JSON.stringify(report), {
          status: report.ready ? 200 : 503,
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
