import { afterEach, describe, expect, it } from 'vitest';
import { gatewayBrokers, startGatewayHarness, type GatewayHarness } from '../helpers/gateway.harness.js';
import { bankSlot, emptySlot, waitUntil } from '../helpers/gateway.stations.js';

describe.each(gatewayBrokers())('inventory over MQTT (%s broker)', (broker) => {
  let h: GatewayHarness;
  afterEach(async () => h?.close());

  it('reconciles drift with the latest inventory and raises alerts once', async () => {
    h = await startGatewayHarness({ broker });
    await h.fleet.provisioning.addPowerBanks([{ id: 'pb_1' }, { id: 'pb_2' }]);
    const station = await h.connect(0);
    await station.hello([bankSlot(1, 'pb_1'), emptySlot(2), emptySlot(3), emptySlot(4)]);
    await waitUntil(
      async () => (await h.fleet.stations.findPowerBank('pb_1'))?.location === 'slot',
      'baseline',
    );

    // Events were missed: pb_1 moved to slot 2, pb_2 (a restock) sits in slot 3, an unknown bank in slot 4.
    h.clock.advance(20 * 60_000);
    const drifted = [
      emptySlot(1),
      bankSlot(2, 'pb_1', 95),
      bankSlot(3, 'pb_2', 60),
      bankSlot(4, 'pb_stranger', 50),
    ];
    const processed = h.gateway.stats().processed;
    await station.inventory(drifted);
    await waitUntil(() => h.gateway.stats().processed > processed, 'inventory processed');
    await h.gateway.idle();

    const slots = await h.fleet.stations.listSlots(station.id);
    expect(slots.map((s) => [s.slot, s.powerBankId, s.state])).toEqual([
      [1, null, 'empty'],
      [2, 'pb_1', 'charging'],
      [3, 'pb_2', 'charging'],
      [4, 'pb_stranger', 'charging'],
    ]);
    expect(await h.fleet.stations.findPowerBank('pb_1')).toMatchObject({
      location: 'slot',
      slot: 2,
      batteryPct: 95,
    });
    expect(await h.fleet.stations.findPowerBank('pb_2')).toMatchObject({
      location: 'slot',
      slot: 3,
      stationId: station.id,
    });

    const alerts = await h.fleet.alerts.list({ stationId: station.id, status: 'open' });
    const types = alerts.map((a) => a.type).sort();
    expect(types).toContain('INVENTORY_DRIFT');
    expect(types).toContain('BANK_UNKNOWN');
    const raised = h.eventsOf('fleet.alert.raised').length;

    // The same inventory again (next 20-minute report) raises nothing new.
    h.clock.advance(20 * 60_000);
    const again = h.gateway.stats().processed;
    await station.inventory(drifted);
    await waitUntil(() => h.gateway.stats().processed > again, 'second inventory processed');
    await h.gateway.idle();
    expect(h.eventsOf('fleet.alert.raised')).toHaveLength(raised);
  });
});
