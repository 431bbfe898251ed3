/**
 * The server process for deployments (`node --import tsx src/entrypoints/server.ts`): the roles in
 * ROLES, configured by the environment, until SIGINT / SIGTERM. Same as `chargenet serve`, minus the CLI.
 */
import { createProcessLogger } from '../app/logging.js';
import { createPlatform } from '../app/platform.js';
import { ConfigError, loadConfig } from '../kernel/config.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
const logger = createProcessLogger(config.LOG_LEVEL, 'stdout');
const platform = await createPlatform({ config, logger });

let firstSignalAt = 0;
const shutdown = (signal: NodeJS.Signals) => {
  const now = Date.now();
  // A relayed copy of the same Ctrl-C arrives within milliseconds; only a later signal forces the exit.
  if (firstSignalAt !== 0) {
    if (now - firstSignalAt > 1000) process.exit(130);
    return;
  }
  firstSignalAt = now;
  logger.info({ signal }, 'shutting down');
  platform.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

await platform.start();
