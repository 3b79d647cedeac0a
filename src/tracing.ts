import { createRequire } from 'node:module';
import { context, trace, SpanKind, SpanStatusCode, type Span, type TextMapPropagator, type Tracer } from '@opentelemetry/api';
import type { BasicTracerProvider, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ExchangeRecord, ExchangeTrace } from './domain/call';

/**
 * The SDK and the exporter (about 10 MB of modules) are loaded only when tracing is on: a server
 * without OTEL_EXPORTER_OTLP_ENDPOINT does not pay for them.
 */
const load = createRequire(import.meta.url);

/** Headers as the propagator reads them. */
const headerGetter = {
  keys: (headers: Headers) => [...headers.keys()],
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
};

/**
 * OpenTelemetry traces, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test hands an exporter):
 * one span per GraphQL operation, continuing the caller's W3C trace context, and one child span
 * per upstream exchange, made from what the exchange recorded (no context manager needed: the call
 * context carries its request's span).
 */
export class Tracing {
  private readonly tracer: Tracer;

  private constructor(
    private readonly provider: BasicTracerProvider,
    private readonly propagator: TextMapPropagator,
  ) {
    this.tracer = provider.getTracer('instagraph');
  }

  /** Tracing to `endpoint` over OTLP/HTTP, or to `exporter`; undefined (no tracing) with neither. */
  static create(options: { endpoint?: string | undefined; exporter?: SpanExporter }): Tracing | undefined {
    if (!options.exporter && !options.endpoint) return undefined;
    const sdk = load('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
    const { resourceFromAttributes } = load('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
    const { W3CTraceContextPropagator } = load('@opentelemetry/core') as typeof import('@opentelemetry/core');
    const processor = options.exporter
      ? new sdk.SimpleSpanProcessor(options.exporter)
      : new sdk.BatchSpanProcessor(new (otlpExporter())({ url: `${String(options.endpoint).replace(/\/+$/, '')}/v1/traces` }));
    const provider = new sdk.BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'instagraph' }), spanProcessors: [processor] });
    return new Tracing(provider, new W3CTraceContextPropagator());
  }

  /** The span of one GraphQL request, child of the trace its `traceparent` header names, if any. */
  startOperation(headers: Headers): OperationSpan {
    const parent = this.propagator.extract(context.active(), headers, headerGetter);
    const span = this.tracer.startSpan('graphql', { kind: SpanKind.SERVER }, parent);
    return new OperationSpan(this.tracer, span);
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

function otlpExporter(): typeof import('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter {
  return (load('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter;
}

export class OperationSpan implements ExchangeTrace {
  constructor(
    private readonly tracer: Tracer,
    readonly span: Span,
  ) {}

  named(operation: string | undefined, client: string | undefined): void {
    this.span.updateName(`graphql ${operation ?? 'anonymous'}`);
    this.span.setAttributes({ 'graphql.operation.name': operation ?? '', ...(client ? { 'instagraph.client': client } : {}) });
  }

  /** One upstream exchange, as a child span with its own start and end. */
  exchanged(record: ExchangeRecord): void {
    const parent = trace.setSpan(context.active(), this.span);
    const child = this.tracer.startSpan(
      `${record.provider} ${record.endpoint}`,
      {
        kind: SpanKind.CLIENT,
        startTime: record.startedAt,
        attributes: {
          'instagraph.provider': record.provider,
          'instagraph.endpoint': record.endpoint,
          'instagraph.attempt': record.attempt,
          'instagraph.cache.result': 'miss',
          ...(record.status !== undefined ? { 'http.response.status_code': record.status } : {}),
        },
      },
      parent,
    );
    if (record.code) child.setStatus({ code: SpanStatusCode.ERROR, message: record.code });
    child.end(record.startedAt + record.durationMs);
  }

  end(status: number, errorCodes: readonly string[]): void {
    this.span.setAttribute('http.response.status_code', status);
    if (errorCodes.length > 0) this.span.setAttribute('graphql.error.codes', [...errorCodes]);
    if (status >= 500) this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.span.end();
  }
}
