import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { Tracing } from '../../src/tracing';
import { createApp, execute, useReplay } from '../helpers/instagraph';

const FOLLOWERS_REELS = `query FollowersReels { user(username: "natgeo") { followers(first: 10) { nodes { username reels(first: 3) { nodes { code } } } } } }`;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('OpenTelemetry traces', () => {
  const upstream = useReplay();

  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(Tracing.create({ endpoint: undefined })).toBeUndefined();
  });

  it('makes one span per operation, in the caller’s trace, with one child per upstream exchange', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = Tracing.create({ exporter });
    const app = createApp(upstream.replay, { providers: 'hikerapi', tracing });
    const answer = await execute(app, FOLLOWERS_REELS, {}, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` });
    expect(answer.cost?.upstreamCalls).toBe(12);

    const spans = exporter.getFinishedSpans();
    const operations = spans.filter((span) => span.name === 'graphql FollowersReels');
    expect(operations).toHaveLength(1);
    const operation = operations[0]!;
    expect(operation.spanContext().traceId).toBe(TRACE_ID);
    expect(operation.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(operation.attributes['http.response.status_code']).toBe(200);

    const exchanges = spans.filter((span) => span.parentSpanContext?.spanId === operation.spanContext().spanId);
    expect(exchanges).toHaveLength(12);
    expect(exchanges.map((span) => span.name).sort()).toEqual([
      'hikerapi /v1/user/by/username',
      'hikerapi /v1/user/followers/chunk',
      ...Array<string>(10).fill('hikerapi /v1/user/clips/chunk'),
    ].sort());
    for (const span of exchanges) {
      expect(span.spanContext().traceId).toBe(TRACE_ID);
      expect(span.attributes).toMatchObject({ 'instagraph.provider': 'hikerapi', 'instagraph.attempt': 1, 'http.response.status_code': 200, 'instagraph.cache.result': 'miss' });
    }
    // The followers page came back before any reels page was asked for.
    const followers = exchanges.find((span) => span.name.endsWith('followers/chunk'))!;
    const reels = exchanges.filter((span) => span.name.endsWith('clips/chunk'));
    for (const span of reels) expect(span.startTime[0] * 1e9 + span.startTime[1]).toBeGreaterThanOrEqual(followers.endTime[0] * 1e9 + followers.endTime[1] - 2e6);
    await app.close();
  });
});
