// `npm run build`: the server in one ES module, dist/main.js, that plain `node` runs. esbuild, not
// tsc: the sources import each other without file extensions (moduleResolution "Bundler"), which
// tsc would emit as is and Node's ESM loader refuses. Packages stay in node_modules (`external`),
// so `npm ci --omit=dev` gives the bundle everything it imports. Types are checked by
// `npm run typecheck`, not here.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

await build({
  entryPoints: [fileURLToPath(new URL('../src/main.ts', import.meta.url))],
  outfile: fileURLToPath(new URL('../dist/main.js', import.meta.url)),
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Stack traces name src/ files and lines under `node --enable-source-maps`.
  sourcemap: true,
  logLevel: 'warning',
});
