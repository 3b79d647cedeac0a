// `npm start`: runs dist/main.js in this very process, building it first when it is missing or
// older than anything it is built from, so `npm install && npm start` works on a fresh clone and
// after every edit. Production runs `node dist/main.js` directly (see the Dockerfile).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bundle = `${root}dist/main.js`;
const inputs = [`${root}src`, `${root}scripts/build.mjs`, `${root}tsconfig.json`, `${root}package.json`];

/** The newest modification time under `path` (a file, or a folder walked recursively). */
function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  const entries = readdirSync(path, { recursive: true }).map((name) => statSync(`${path}/${name}`).mtimeMs);
  return Math.max(stat.mtimeMs, ...entries);
}

const stale = !existsSync(bundle) || inputs.some((input) => existsSync(input) && newestChange(input) > statSync(bundle).mtimeMs);
if (stale) {
  console.log('instagraph: building dist/ (npm run build)');
  const { status } = spawnSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
await import(new URL(`file://${bundle}`).href);
