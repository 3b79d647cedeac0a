import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, mergeConfig, preview } from 'vite';
import { dashboardConfig } from '../../examples/dashboard/vite.config';

/**
 * The dashboard as `vite build` makes it, on Vite's preview server at a loopback port, proxying
 * /graphql to instagraph at `instagraphOrigin`.
 */
export async function serveBuiltDashboard(instagraphOrigin: string): Promise<{ url: string; close(): Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'instagraph-dashboard-'));
  const config = mergeConfig(dashboardConfig(instagraphOrigin), {
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await build(config);
  const server = await preview(config);
  const { port } = server.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
