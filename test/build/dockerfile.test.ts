import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../helpers/server-process';
import { readDockerfile, runDockerfile, type Stage } from './dockerfile';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
// npm ci writes some 20,000 files: on a RAM-backed folder that takes half the time it takes on disk.
const root = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'instagraph-docker-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the Dockerfile, its steps run in a temporary folder', () => {
  // One npm ci --omit=dev from npm's local cache (the checkout's own `npm ci` filled it).
  it('builds dist/, installs production dependencies only, and the image command serves GraphQL in demo mode', { timeout: 120_000 }, async () => {
    const stages = runDockerfile(readDockerfile(REPO), {
      context: REPO,
      root,
      runEnv: { npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
      reuseNodeModules: (command) => /^npm ci\b/.test(command) && !command.includes('--omit=dev'),
    });
    const image = stages.at(-1) as Stage;
    expect(stages.map((stage) => stage.name)).toEqual(['build', undefined]);

    // What the image holds: the bundle and production dependencies, no sources, no TypeScript tooling.
    expect(existsSync(join(image.folder, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(image.folder, 'src'))).toBe(false);
    for (const tool of ['tsx', 'typescript', 'esbuild', 'vitest']) {
      expect(existsSync(join(image.folder, 'node_modules', tool)), `${tool} in the image`).toBe(false);
    }
    expect(image.env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    expect(image.cmd?.[0]).toBe('node');
    expect(image.cmd?.at(-1)).toBe('dist/main.js');

    // The image's own command, with its environment (HOST moved to loopback for the test).
    const [command = '', ...args] = image.cmd ?? [];
    const server = await startServerProcess({ command, args, cwd: image.folder, env: { ...image.env, HOST: '127.0.0.1' } });
    try {
      const answer = await fetch(`${server.origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ user(username: "natgeo") { fullName } }' }),
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ data: { user: { fullName: 'National Geographic' } } });

      // GraphiQL, its example query and its assets come from the image's files and production dependencies.
      const page = await fetch(`${server.origin}/graphql`, { headers: { accept: 'text/html' } }).then((response) => response.text());
      expect(page).toContain('followers');
      const asset = /\/graphiql-assets\/[\w.-]+\.js/.exec(page)?.[0];
      expect((await fetch(`${server.origin}${asset}`)).status).toBe(200);

      // The HEALTHCHECK command, as the engine would run it inside the container.
      const [check = '', ...checkArgs] = image.healthcheck ?? [];
      expect(() => execFileSync(check, checkArgs, { env: { PATH: process.env.PATH ?? '', PORT: new URL(server.origin).port } })).not.toThrow();
    } finally {
      expect(await server.stop(), server.output()).toBe(0);
    }
  });
});
