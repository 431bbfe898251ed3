import type { DemoRun } from '../app/demo.js';
import { DEMO_NEAR, DEMO_SITES } from '../modules/fleet/index.js';

/** The text `npm start` prints once the demo is up: what runs and the URLs to open. The only place the generated admin token appears. */
export function startBanner(run: DemoRun, timeScale: number): string {
  const { urls, fleet, seeded, adminToken } = run;
  const cities = new Set(DEMO_SITES.map((s) => s.city)).size;
  const lines: string[] = ['', 'chargenet is running.', ''];
  if (seeded) {
    lines.push(
      `  Seeded the demo network: ${seeded.stations.created} stations at ${seeded.sites.created} sites in ${cities} cities.`,
    );
  }
  if (fleet) {
    lines.push(
      `  Simulating ${fleet.stations.length} stations in-process; charging, faults and inventories run ${timeScale}× faster.`,
    );
  }
  if (run.riders) {
    lines.push(
      '  Simulated riders rent, keep and return power banks and pay in their currency (sandbox card).',
    );
  }
  lines.push('');
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(14)}${value}`);
  if (urls.http) {
    row('API', urls.http);
    row('API docs', urls.docs ?? `${urls.http}/docs`);
    row(
      'Stations near',
      `${urls.http}/v1/stations/near?lat=${DEMO_NEAR.lat}&lng=${DEMO_NEAR.lng}&radius_m=${DEMO_NEAR.radiusM}`,
    );
    row('Live stream', `${urls.http}/v1/stations/stream`);
    row('GBFS feed', `${urls.http}/gbfs/gbfs.json`);
    row('Riders', 'docs/rider-api.md: sign in with a one-time code, save a sandbox card, rent');
    row('Login codes', 'npm run chargenet -- riders code --email <address>  (no e-mail is sent in the demo)');
    row('Test card', '4242 4242 4242 4242 (sandbox payments; others decline: see docs/payments.md)');
  }
  if (urls.mqtt) row('MQTT broker', urls.mqtt);
  if (adminToken.generated) {
    row('Admin token', `${adminToken.value}  (generated for this run; set ADMIN_TOKEN to choose one)`);
    if (urls.http) {
      lines.push('', `  Try: curl -H "Authorization: Bearer <admin token>" ${urls.http}/v1/ops/alerts`);
    }
  } else {
    row('Admin token', 'the ADMIN_TOKEN you configured');
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}
