import { describe, expect, it } from 'vitest';
import { ConfigError, cursorSecret, loadConfig } from '../src/config';
import { CursorCodec, type ListCursor } from '../src/schema/cursors';

const CURSOR: ListCursor = { v: 1, k: 'posts', u: '787132', p: 'hikerapi', c: '3868170261056492782_787132', o: 4 };

describe('CursorCodec', () => {
  const codec = new CursorCodec('a secret of some length');

  it('round-trips the cursors it signs', () => {
    expect(codec.decode(codec.encode(CURSOR))).toEqual(CURSOR);
  });

  it('refuses a cursor whose payload or signature was edited', () => {
    const [payload, signature] = codec.encode(CURSOR).slice('ig1.'.length).split('.') as [string, string];
    const edited = Buffer.from(JSON.stringify({ ...CURSOR, o: 0 })).toString('base64url');
    expect(codec.decode(`ig1.${edited}.${signature}`)).toBeNull();
    expect(codec.decode(`ig1.${payload}.${signature.slice(1)}x`)).toBeNull();
    expect(codec.decode(`ig1.${payload}`)).toBeNull();
  });

  it('refuses a cursor signed with another secret, and accepts one from a replica with the same', () => {
    expect(new CursorCodec('another secret entirely').decode(codec.encode(CURSOR))).toBeNull();
    expect(new CursorCodec('a secret of some length').decode(codec.encode(CURSOR))).toEqual(CURSOR);
  });
});

describe('cursorSecret', () => {
  it('is derived from the API keys when CURSOR_SECRET is not set, the same for every replica', () => {
    const replica = () => cursorSecret(loadConfig({ HIKERAPI_KEY: 'k1', AISA_API_KEY: 'k2' }));
    expect(replica()).toBe(replica());
    expect(replica()).not.toContain('k1');
    expect(cursorSecret(loadConfig({ HIKERAPI_KEY: 'other' }))).not.toBe(replica());
    expect(cursorSecret(loadConfig({ HIKERAPI_KEY: 'k1', CURSOR_SECRET: 'sixteen chars ok' }))).toBe('sixteen chars ok');
  });

  it('refuses a short CURSOR_SECRET without echoing it', () => {
    expect(() => loadConfig({ CURSOR_SECRET: 'short-secret' })).toThrow(ConfigError);
    try {
      loadConfig({ CURSOR_SECRET: 'short-secret' });
    } catch (error) {
      expect(String(error)).toContain('CURSOR_SECRET');
      expect(String(error)).not.toContain('short-secret');
    }
  });
});
