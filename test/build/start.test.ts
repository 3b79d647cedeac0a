import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../helpers/server-process';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
// A fresh clone, as far as npm start is concerned: sources, scripts, the files read at run time, no dist/.
const clone = mkdtempSync(join(tmpdir(), 'instagraph-start-'));
for (const path of ['package.json', 'tsconfig.json', 'src', 'scripts/build.mjs', 'scripts/start.mjs', 'examples/followers-reels.graphql', 'fixtures/world/world.json']) {
  cpSync(join(REPO, path), join(clone, path), { recursive: true });
}
symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'), 'dir');

afterAll(() => rmSync(clone, { recursive: true, force: true }));

/** `npm start`'s script in the clone (demo mode), until /health answers; what it printed. */
async function start(): Promise<string> {
  const server = await startServerProcess({ args: ['scripts/start.mjs'], cwd: clone, env: {} });
  const answer = await fetch(`${server.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ user(username: "jane") { fullName } }' }),
  });
  expect(await answer.json()).toEqual(expect.objectContaining({ data: { user: { fullName: 'Jane Williamson' } } }));
  await server.stop();
  return server.output();
}

describe('npm start', () => {
  it('builds dist/ when it is missing or older than src/, and runs it as it is otherwise', async () => {
    expect(await start()).toContain('building dist/');
    expect(existsSync(join(clone, 'dist/main.js'))).toBe(true);

    expect(await start()).not.toContain('building dist/');

    const later = new Date(Date.now() + 60_000);
    utimesSync(join(clone, 'src/config.ts'), later, later);
    expect(await start()).toContain('building dist/');
  }, 60_000);
});
