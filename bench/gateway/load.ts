import { readFileSync } from 'node:fs';
import { connectAll, pump, type LoadStation } from './load-generator.js';

/**
 * The load side of the gateway benchmark, a child process of run.ts: connects every station, says
 * 'connected', waits for 'go', publishes for the duration and answers with its counts.
 */
const [port, stationsFile, durationMs, prefix] = process.argv.slice(2);
const stations = JSON.parse(readFileSync(stationsFile!, 'utf8')) as LoadStation[];
const opts = {
  host: '127.0.0.1',
  port: Number(port),
  prefix: prefix!,
  stations,
  durationMs: Number(durationMs),
  inventoryShare: Number(process.env.BENCH_INVENTORY_SHARE ?? 0.02),
  eventShare: Number(process.env.BENCH_EVENT_SHARE ?? 0.03),
};

const connected = await connectAll(opts);
process.send!({ type: 'connected', connectMs: connected.connectMs, count: connected.conns.length });
process.on('message', async (msg: { type: string }) => {
  if (msg.type !== 'go') return;
  const result = await pump(connected, opts);
  process.send!({ type: 'done', result });
  setTimeout(() => process.exit(0), 200);
});
