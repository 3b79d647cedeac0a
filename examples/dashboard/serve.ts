import { createServer } from 'vite';
import { startDemoServer } from './demo-server';
import { dashboardConfig } from './vite.config';

/**
 * `npm run dashboard`: the dashboard on Vite's dev server (DASHBOARD_PORT, 5173). With
 * INSTAGRAPH_ORIGIN set (e.g. http://localhost:4000 while `npm start` runs) it talks to that
 * instagraph; otherwise it starts a demo one here over the replay upstream's fixture world, with
 * DEMO_LATENCY_MS (150) a call so that the deferred parts visibly stream in.
 */
function numberSetting(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${process.env[name]}"`);
  return value;
}

let instagraphOrigin = process.env.INSTAGRAPH_ORIGIN;
if (!instagraphOrigin) {
  const demo = await startDemoServer({ latencyMs: numberSetting('DEMO_LATENCY_MS', 150), logErrors: true });
  instagraphOrigin = new URL(demo.url).origin;
  console.log(`dashboard: demo instagraph over the replay upstream at ${demo.url}`);
}
const vite = await createServer(dashboardConfig(instagraphOrigin, numberSetting('DASHBOARD_PORT', 5173)));
await vite.listen();
vite.printUrls();
