import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // One graphql module for everyone: Vite would pick graphql's .mjs for our files while Node
  // loads its CommonJS build for Pothos and yoga, and graphql refuses to mix the two.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Test files share a worker's module graph: importing the whole server once per file was a third of the run.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
