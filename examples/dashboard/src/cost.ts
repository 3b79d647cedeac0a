/** instagraph's `extensions.cost`: what one request spent upstream. */
export interface Cost {
  /** The worst case priced before running (null when the request was refused before pricing). */
  estimated: number | null;
  upstreamCalls: number;
  cacheHits: number;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** `extensions.cost` of an answer, or undefined when it has none (or not in that shape). */
export function readCost(extensions: Record<string, unknown> | undefined): Cost | undefined {
  const cost: unknown = extensions?.cost;
  if (typeof cost !== 'object' || cost === null) return undefined;
  const { estimated, upstreamCalls, cacheHits } = cost as Record<string, unknown>;
  if (!isCount(upstreamCalls) || !isCount(cacheHits) || !(estimated === null || isCount(estimated))) return undefined;
  return { estimated, upstreamCalls, cacheHits };
}
