import { startReplayServer } from './server';

/** Runs the replay upstream on its own: `npm run replay` (PORT, HIKERAPI_KEY, AISA_API_KEY). */
const port = Number(process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer between 0 and 65535, got "${process.env.PORT}"`);
  process.exit(1);
}

const server = await startReplayServer({
  host: process.env.HOST ?? '127.0.0.1',
  port,
  hikerapiKey: process.env.HIKERAPI_KEY || 'demo-hikerapi-key',
  aisaKey: process.env.AISA_API_KEY || 'demo-aisa-key',
});
console.log(`replay upstream listening
  HIKERAPI_URL=${server.hikerapiUrl}
  AISA_URL=${server.aisaUrl}`);

const shutdown = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
