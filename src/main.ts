import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, DEFAULT_SECRET, loadConfig } from './config/app-config';

// Last resort for a promise nobody awaited (a bug): log it and keep serving every other connection. Driver
// connection errors never get here (every pg client and Redis connection has an 'error' listener). An uncaught
// exception keeps Node's default, log and exit: after a synchronous throw the state may be broken.
process.on('unhandledRejection', (reason: unknown) => {
  const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
  new Logger('Process').error(`unhandled rejection (a bug; still serving): ${text}`);
});

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await createApp(config);
  const log = new Logger('Main');
  if (config.secret === DEFAULT_SECRET) {
    log.warn(`IM_SECRET is the default "${DEFAULT_SECRET}": set your own before going live`);
  }
  const storage = config.databaseUrl ? 'PostgreSQL' : 'embedded PGlite';
  if (config.role === 'gateway') {
    // a gateway-only node serves WebSocket clients (and answers /healthz on the gateway port), no REST API
    await app.init();
    log.log(`gateway-only node (ROLE=gateway), storage: ${storage}`);
    return;
  }
  await app.listen(config.apiPort);
  log.log(`REST API on :${config.apiPort} (docs at /docs), storage: ${storage}`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
