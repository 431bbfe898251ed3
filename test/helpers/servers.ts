import { createConnection } from 'node:net';

/**
 * Where the real servers the suites talk to live, overridable by env so CI or a developer can point elsewhere.
 * Every suite that needs a server skips only when it is unreachable AND we are not in CI; in CI it fails.
 */
export const SERVERS = {
  postgres: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  mysql: process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  mosquitto: process.env.TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883',
};

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** True when a TCP connection to the URL's host:port succeeds within a second. */
export function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || defaultPort);
  return new Promise((resolve) => {
    const socket = createConnection({ host: u.hostname, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
