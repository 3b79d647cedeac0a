import { afterAll, afterEach, beforeAll } from 'vitest';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../examples/dashboard/demo-server';

export interface DemoServerFixture {
  /** instagraph on a loopback port over the replay upstream (available from beforeAll on). */
  readonly server: DemoServer;
}

/**
 * One instagraph over the replay upstream per test file, served over real HTTP for the client
 * libraries; the replay's counters are reset after each test.
 */
export function useDemoServer(options: DemoServerOptions = {}): DemoServerFixture {
  let server: DemoServer | undefined;
  beforeAll(async () => {
    server = await startDemoServer(options);
  });
  afterEach(() => {
    server?.replay.stats.reset();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('useDemoServer: the server starts in beforeAll');
      return server;
    },
  };
}
