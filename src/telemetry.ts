import type { CacheKind, LookupResult } from './data/gateway';
import type { ErrorCode } from './domain/errors';
import type { ProviderName } from './domain/types';
import { OperatorAlerts, type Logger } from './logging';
import type { Metrics } from './metrics';
import type { PolicyObservers } from './providers';
import type { UpstreamCallEvent } from './upstream/http';

/** Answers about the data, not trouble: a failed exchange with one of these is logged at debug only. */
const DATA_ANSWERS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['NOT_FOUND', 'PRIVATE_ACCOUNT']);

/**
 * Where what happens upstream becomes log lines and metrics: every exchange, every retry, wait
 * and circuit change of each provider, every cache lookup.
 */
export class Telemetry {
  private readonly alerts: OperatorAlerts;

  constructor(
    readonly logger: Logger,
    readonly metrics: Metrics,
  ) {
    this.alerts = new OperatorAlerts(logger);
  }

  /** One upstream HTTP exchange, retries each their own. */
  exchange(event: UpstreamCallEvent): void {
    const { provider, endpoint, status, attempt, code, detail, client, durationMs } = event;
    this.metrics.upstreamCalls.inc({ provider, endpoint, status: status === undefined ? 'none' : String(status) });
    this.metrics.upstreamDuration.observe({ provider, endpoint }, durationMs / 1000);
    if (code === undefined) return;
    const line = { provider, endpoint, status, attempt, code, detail, client, durationMs: Math.round(durationMs) };
    if (DATA_ANSWERS.has(code)) this.logger.debug(line, 'upstream answered');
    else this.logger.warn(line, 'upstream exchange failed');
    this.alerts.exchangeFailed(provider, status, code);
  }

  observePolicy(provider: ProviderName): PolicyObservers {
    return {
      onRetry: ({ reason }) => this.metrics.upstreamRetries.inc({ provider, reason }),
      onWait: ({ waitedMs }) => this.metrics.rateLimitWait.observe({ provider }, waitedMs / 1000),
      onStateChange: (state) => {
        this.metrics.circuitChanged(provider, state);
        const log = state === 'open' ? this.logger.warn.bind(this.logger) : this.logger.info.bind(this.logger);
        log({ provider, circuit: state }, `${provider} circuit ${state}`);
      },
    };
  }

  lookup(kind: CacheKind, result: LookupResult): void {
    this.metrics.cacheLookups.inc({ kind, result });
  }
}
