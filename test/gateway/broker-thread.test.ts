import { afterEach, describe, expect, it } from 'vitest';
import { mosquittoAvailable } from '../helpers/db.js';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway.harness.js';

describe('the embedded broker thread seen from the gateway', () => {
  let h: GatewayHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("reports its own heap and busy time, which the main thread's figures do not include", async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const station = await h.connect(0);
    await station.heartbeat();

    const heap = await h.gateway.brokerHeap(true);
    expect(heap?.usedBytes).toBeGreaterThan(1024 * 1024);
    expect(heap!.totalBytes).toBeGreaterThanOrEqual(heap!.usedBytes);
    expect(h.gateway.stats().broker.thread).toEqual({
      activeMs: expect.any(Number),
      idleMs: expect.any(Number),
    });

    await h.close();
    expect(await h.gateway.brokerHeap()).toBeUndefined();
    h = undefined;
  });

  it.skipIf(!mosquittoAvailable())('has no broker thread on an external broker', async () => {
    h = await startGatewayHarness({ broker: 'mosquitto' });
    expect(await h.gateway.brokerHeap(true)).toBeUndefined();
    expect(h.gateway.stats().broker.thread).toBeUndefined();
  });
});
