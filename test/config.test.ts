import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, isDemoMode, loadConfig } from '../src/config';
import { createInstagraph } from '../src/server';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has working defaults: demo mode with both providers in order', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 4000, PROVIDER_ORDER: ['hikerapi', 'aisa'], MAX_UPSTREAM_CALLS: 200, CACHE_TTL_PROFILE_S: 300 });
    expect(isDemoMode(config)).toBe(true);
    expect(isDemoMode(loadConfig({ AISA_API_KEY: 'k' }))).toBe(false);
  });

  it('treats an empty variable as unset, not as 0', () => {
    const config = loadConfig({ PORT: '', CACHE_TTL_PROFILE_S: '', SHUTDOWN_GRACE_MS: ' ', HIKERAPI_URL: '', HIKERAPI_KEY: '' });
    expect(config).toMatchObject({ PORT: 4000, CACHE_TTL_PROFILE_S: 300, SHUTDOWN_GRACE_MS: 10_000, HIKERAPI_URL: 'https://api.hikerapi.com' });
    expect(config.HIKERAPI_KEY).toBeUndefined();
  });

  it('names each bad variable on its own line, with the value unless it is a secret', () => {
    const found = problems({
      PORT: 'abc',
      HIKERAPI_URL: 'ftp://example.com',
      PROVIDER_ORDER: 'hikerapi,instagram',
      REDIS_URL: 'http://user:hunter2@cache:6379',
      CURSOR_SECRET: 'short-secret',
    });
    expect(found).toHaveLength(5);
    expect(found.find((line) => line.startsWith('PORT:'))).toContain('"abc"');
    expect(found.find((line) => line.startsWith('HIKERAPI_URL:'))).toContain('ftp://');
    expect(found.find((line) => line.startsWith('PROVIDER_ORDER:'))).toContain('unknown provider "instagram"');
    const text = found.join('\n');
    expect(text).toContain('REDIS_URL');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('short-secret');
  });

  it('warns about a key whose provider PROVIDER_ORDER leaves out, and refuses an empty or repeated order', () => {
    expect(configWarnings(loadConfig({ HIKERAPI_KEY: 'k', AISA_API_KEY: 'k2', PROVIDER_ORDER: 'aisa' }))).toEqual([
      'HIKERAPI_KEY is set but PROVIDER_ORDER does not list hikerapi, so it is not used',
    ]);
    expect(configWarnings(loadConfig({ HIKERAPI_KEY: 'k' }))).toEqual([]);
    expect(problems({ PROVIDER_ORDER: ',' })[0]).toContain('at least one provider');
    expect(problems({ PROVIDER_ORDER: 'aisa,aisa' })[0]).toContain('at most once');
  });

  it('refuses to build a server when no listed provider has a key, with a configuration error', () => {
    expect(() => createInstagraph({ config: loadConfig({ HIKERAPI_KEY: 'k', PROVIDER_ORDER: 'aisa' }), logger: false })).toThrow(ConfigError);
  });
});
