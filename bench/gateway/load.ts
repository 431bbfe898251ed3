import { readFileSync } from 'node:fs';
import { connectAll, pump, type LoadStation } from './load-generator.js';

/**
 * The load side of the gateway benchmark, a child process of run.ts: connects every station, says
 * 'connected', waits for 'go', publishes for the duration and answers with its counts.
 */
const [port, stationsFile, durationMs, prefix] = process.argv.slice(2);
const stations = JSON.parse(readFileSync(stationsFile!, 'utf8')) as LoadStation[];
let processed = 0;
let wake: () => void = () => undefined;
const opts = {
  host: '127.0.0.1',
  port: Number(port),
  prefix: prefix!,
  stations,
  durationMs: Number(durationMs),
  inventoryShare: Number(process.env.BENCH_INVENTORY_SHARE ?? 0.02),
  eventShare: Number(process.env.BENCH_EVENT_SHARE ?? 0.03),
  lead: {
    window: Number(process.env.BENCH_LEAD ?? 100_000),
    processed: () => processed,
    onProgress: (fn: () => void) => (wake = fn),
  },
};

const connected = await connectAll(opts);
process.send!({ type: 'connected', connectMs: connected.connectMs, count: connected.conns.length });
process.on('message', async (msg: { type: string; processed?: number }) => {
  if (msg.type === 'processed') {
    processed = msg.processed!;
    return wake();
  }
  if (msg.type !== 'go') return;
  const before = process.cpuUsage();
  const result = await pump(connected, opts);
  const cpu = process.cpuUsage(before);
  process.send!({ type: 'done', result: { ...result, cpuUs: cpu.user + cpu.system } });
  setTimeout(() => process.exit(0), 200);
});
