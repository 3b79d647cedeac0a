import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { useReplay } from '../helpers/instagraph';

/**
 * graphql-http's own audit of the GraphQL-over-HTTP spec, against instagraph as configured for
 * production (introspection on: the audits query __type): every MUST (error) and SHOULD (warn)
 * passes. Requests carry the CSRF-prevention header, as a real client's do; "notice"-level
 * recommendations are not required.
 */
describe('GraphQL over HTTP conformance (graphql-http audits)', () => {
  const upstream = useReplay();

  it('passes every MUST and SHOULD audit', async () => {
    const app = upstream.app({ NODE_ENV: 'production', INTROSPECTION: 'true' });
    const fetchFn = (input: string, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('x-graphql-yoga-csrf', '1');
      return Promise.resolve(app.yoga.fetch(input, { ...init, headers }));
    };
    const audits = serverAudits({ url: 'http://instagraph.test/graphql', fetchFn });
    const results = await Promise.all(audits.map((audit) => audit.fn()));
    const failed = results.filter((result) => result.status === 'error' || result.status === 'warn');
    expect(failed.map((result) => `${result.status} ${result.id} ${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(30);
  });
});
