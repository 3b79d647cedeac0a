import { fileURLToPath } from 'node:url';
import { defineConfig, type InlineConfig } from 'vite';

/**
 * The dashboard's Vite set-up: the page calls /graphql on its own origin, and Vite's dev and
 * preview servers proxy that to instagraph at `instagraphOrigin` (no CORS set-up needed).
 */
export function dashboardConfig(instagraphOrigin: string, port?: number): InlineConfig {
  const proxy = { '/graphql': { target: instagraphOrigin } };
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    configFile: false,
    server: { proxy, port },
    preview: { proxy, port },
  };
}

// `npx vite examples/dashboard` while `npm start` runs; `npm run dashboard` needs neither.
export default defineConfig(dashboardConfig(process.env.INSTAGRAPH_ORIGIN ?? 'http://localhost:4000'));
