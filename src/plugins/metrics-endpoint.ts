import type { Plugin } from 'graphql-yoga';
import type { Metrics } from '../metrics';

/** GET /metrics in Prometheus' text format, on the main port unless METRICS_PORT serves it apart. */
export function useMetricsEndpoint(metrics: Metrics, enabled: boolean, path = '/metrics'): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (!enabled || url.pathname !== path) return;
      endResponse(new fetchAPI.Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }));
    },
  };
}
