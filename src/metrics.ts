import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitStateName } from './upstream/resilience';

/**
 * The Prometheus metrics operators build alerts on. Their names and labels are a contract
 * (README, "Running in production"); labels never hold a key, only provider, endpoint, client
 * names and outcomes.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly graphqlRequests = new Counter({
    name: 'instagraph_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, error, partial, refused).',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'instagraph_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to its response.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly upstreamCalls = new Counter({
    name: 'instagraph_upstream_calls_total',
    help: 'Upstream HTTP exchanges (retries included: each is billed), by provider, endpoint and HTTP status ("none" when no answer arrived).',
    labelNames: ['provider', 'endpoint', 'status'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'instagraph_upstream_call_duration_seconds',
    help: 'Duration of one upstream HTTP exchange.',
    labelNames: ['provider', 'endpoint'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly upstreamRetries = new Counter({
    name: 'instagraph_upstream_retries_total',
    help: 'Upstream calls tried again, by provider and the error that caused it.',
    labelNames: ['provider', 'reason'] as const,
    registers: [this.registry],
  });

  readonly cacheLookups = new Counter({
    name: 'instagraph_cache_lookups_total',
    help: 'Answers looked up before calling upstream, by kind of result: hit (cache), coalesced (an identical call in flight), miss.',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  });

  readonly circuitState = new Gauge({
    name: 'instagraph_circuit_state',
    help: "A provider's circuit: 0 closed, 1 half-open, 2 open.",
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });

  readonly rateLimitWait = new Histogram({
    name: 'instagraph_rate_limit_wait_seconds',
    help: "Time an upstream call waited for a provider's concurrency slot and rate token.",
    labelNames: ['provider'] as const,
    buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly clientUpstreamCalls = new Counter({
    name: 'instagraph_client_upstream_calls_total',
    help: 'Upstream calls spent by each client (by its configured name; "anonymous" without client keys).',
    labelNames: ['client'] as const,
    registers: [this.registry],
  });

  readonly quotaRefusals = new Counter({
    name: 'instagraph_quota_refusals_total',
    help: 'Requests refused because their client was over its quota.',
    labelNames: ['client'] as const,
    registers: [this.registry],
  });

  readonly costEstimated = new Histogram({
    name: 'instagraph_query_cost_estimated',
    help: 'Upstream calls each operation was estimated to cost at worst, before it ran.',
    buckets: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });

  readonly budgetRefusals = new Counter({
    name: 'instagraph_budget_refusals_total',
    help: 'Operations refused before running because their estimate was over the limit (QUERY_TOO_EXPENSIVE).',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  circuitChanged(provider: string, state: CircuitStateName): void {
    this.circuitState.set({ provider }, CIRCUIT_STATE_VALUE[state]);
  }
}

const CIRCUIT_STATE_VALUE: Record<CircuitStateName, number> = { closed: 0, 'half-open': 1, open: 2 };
