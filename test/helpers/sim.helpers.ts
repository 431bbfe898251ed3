import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';

/** A bare in-process MQTT broker on a free loopback port, for simulator tests that need no platform. */
export interface PlainBroker {
  url: string;
  broker: Aedes;
  close(): Promise<void>;
}

/** Starts an aedes broker on 127.0.0.1:0; `accept` decides who may connect (default: everyone). */
export async function startPlainBroker(
  accept: (clientId: string, username?: string, password?: string) => boolean = () => true,
): Promise<PlainBroker> {
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const ok = accept(client.id, username, password?.toString('utf8'));
      if (ok) done(null, true);
      else done(Object.assign(new Error('bad credentials'), { returnCode: 4 }), false);
    },
  });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    broker,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `probe` until it returns a truthy value (or the deadline passes) — for real network I/O only. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
