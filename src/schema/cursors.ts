import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { LIST_KINDS, PROVIDER_NAMES, type ProviderName } from '../domain/types';

/** Where the next item sits upstream: the provider, its cursor for the page, and the offset inside it. */
const cursorSchema = z.object({
  v: z.literal(1),
  k: z.enum(LIST_KINDS),
  u: z.string().regex(/^\d+$/),
  p: z.enum(PROVIDER_NAMES as [ProviderName, ...ProviderName[]]),
  c: z.string().nullable(),
  o: z.number().int().min(0).max(100_000),
  /** The id of the item just before the offset, to find our place again if the page has shifted. */
  l: z.string().optional(),
  q: z.string().optional(),
});

export type ListCursor = z.infer<typeof cursorSchema>;

const CURSOR_PREFIX = 'ig1.';

/**
 * Cursors are signed: one we did not issue (forged, or edited to point elsewhere) is refused as
 * BAD_USER_INPUT before it can cost an upstream call. Replicas share the secret, so a cursor from
 * one is good on another.
 */
export class CursorCodec {
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  encode(cursor: ListCursor): string {
    const payload = Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
    return `${CURSOR_PREFIX}${payload}.${this.sign(payload)}`;
  }

  decode(value: string): ListCursor | null {
    if (!value.startsWith(CURSOR_PREFIX)) return null;
    const [payload, signature, ...rest] = value.slice(CURSOR_PREFIX.length).split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const result = cursorSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      return result.success ? result.data : null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16).toString('base64url');
  }
}
