import { describe, expect, it } from 'vitest';
import { execute, useReplay } from '../helpers/instagraph';

const REELS_PATH = '/v1/user/clips/chunk';

const selection = (deferred: boolean) => `
  query {
    user(username: "natgeo") {
      username
      followers(first: 10) {
        nodes {
          username
          ${deferred ? '... @defer {' : ''} reels(first: 3) { nodes { code playCount } } ${deferred ? '}' : ''}
        }
      }
    }
  }`;

type Json = Record<string, unknown>;

interface Payload {
  data?: Json;
  incremental?: { data?: Json; path: (string | number)[] }[];
  hasNext?: boolean;
  extensions?: { cost?: { estimated: number; upstreamCalls: number } };
}

/** Merge `source` into `target` in place: the way a client applies an incremental payload. */
function mergeInto(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (existing && typeof existing === 'object' && value && typeof value === 'object') mergeInto(existing as Json, value as Json);
    else target[key] = value;
  }
}

function at(data: Json, path: (string | number)[]): Json {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], data) as Json;
}

describe('@defer', () => {
  const upstream = useReplay({ providers: 'hikerapi' });

  it("sends the followers before their reels, then the same answer at the same call count, with the cost on the last payload", async () => {
    const { replay } = upstream;
    const app = upstream.app();
    replay.setLatency(150);
    const response = await app.yoga.fetch('http://instagraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: selection(true) }),
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const payloads: Payload[] = [];
    let reelsAnsweredAtFirstPayload: number | undefined;
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (!data || !event.includes('event: next')) continue;
        payloads.push(JSON.parse(data.slice('data: '.length)) as Payload);
        reelsAnsweredAtFirstPayload ??= replay.stats.count({ path: REELS_PATH });
      }
    }
    replay.setLatency(0);
    const deferredCalls = replay.stats.count();

    expect(payloads.length).toBeGreaterThan(1);
    // The followers arrived while no follower's reels page had been answered yet.
    expect(reelsAnsweredAtFirstPayload).toBe(0);
    expect(payloads[0]?.data).toMatchObject({ user: { username: 'natgeo' } });
    expect(payloads.at(-1)?.hasNext).toBe(false);
    expect(payloads.at(-1)?.extensions?.cost).toMatchObject({ estimated: 12, upstreamCalls: 12 });
    expect(payloads.slice(0, -1).every((payload) => payload.extensions?.cost === undefined)).toBe(true);

    const merged = payloads[0]?.data as Json;
    for (const payload of payloads.slice(1)) {
      for (const part of payload.incremental ?? []) if (part.data) mergeInto(at(merged, part.path), part.data);
    }

    replay.stats.reset();
    const plain = await execute(app, selection(false));
    expect(merged).toEqual(plain.data);
    expect(replay.stats.count()).toBe(deferredCalls);
    expect(deferredCalls).toBe(12);
  });
});
