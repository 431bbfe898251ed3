import { IN_CI, SERVERS, reachable } from './servers.js';

/**
 * Probes the real servers once per run and tells every suite (through env) which are available.
 * Outside CI a missing server is skipped with a loud warning; in CI it is an error.
 */
export default async function setup(): Promise<void> {
  const probes = {
    postgres: await reachable(SERVERS.postgres, 5432),
    mysql: await reachable(SERVERS.mysql, 3306),
    mosquitto: await reachable(SERVERS.mosquitto, 1883),
  };
  const missing = Object.entries(probes)
    .filter(([, up]) => !up)
    .map(([name]) => name);
  if (missing.length > 0) {
    const line = `Servers unreachable: ${missing.join(', ')} — their suites ${IN_CI ? 'FAIL (CI)' : 'are SKIPPED'}`;
    if (IN_CI) throw new Error(line);
    console.warn(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  }
  process.env.CHARGENET_TEST_SERVERS = JSON.stringify(probes);
}
