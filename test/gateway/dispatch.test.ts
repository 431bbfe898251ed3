import { afterEach, describe, expect, it } from 'vitest';
import { gatewayBrokers, startGatewayHarness, type GatewayHarness } from '../helpers/gateway.harness.js';
import type { SlotReport } from '../../src/gateway/protocol/index.js';
import { bankSlot, emptySlot, waitUntil, type TestStation } from '../helpers/gateway.stations.js';

const MINUTE = 60_000;

/** Waits until the gateway has handled `n` more messages than `before` and its queues are empty. */
async function processed(h: GatewayHarness, before: number, n: number): Promise<void> {
  await waitUntil(() => h.gateway.stats().processed >= before + n, `${n} messages processed`);
  await h.gateway.idle();
}

/** Says hello and waits until the gateway has applied it, so counts taken next start after it. */
async function helloApplied(h: GatewayHarness, station: TestStation, slots: SlotReport[]): Promise<void> {
  const before = h.gateway.stats().processed;
  await station.hello(slots);
  await processed(h, before, 1);
}

/** A power bank pushed into a slot, as the station reports it. */
const bankInserted = (slot: number, powerBankId: string, batteryPct: number) =>
  ({ type: 'bank_inserted', slot, powerBankId, batteryPct, healthPct: 95, tempC: 21 }) as const;

describe.each(gatewayBrokers())('inbound station messages (%s broker)', (broker) => {
  let h: GatewayHarness;
  afterEach(async () => h?.close());

  it('applies a re-delivered message once: duplicates change nothing', async () => {
    h = await startGatewayHarness({ broker });
    await h.fleet.provisioning.addPowerBanks([{ id: 'pb_R' }]);
    const station = await h.connect(0);
    await helloApplied(h, station, [emptySlot(1), emptySlot(2), emptySlot(3), emptySlot(4)]);
    const before = h.gateway.stats().processed;
    const inserted = await station.event(bankInserted(2, 'pb_R', 40));
    await station.publishRaw('event', inserted);
    const heartbeat = {
      v: 1,
      id: station.nextId(),
      ts: station.ts(),
      uptimeS: 5,
      signal: 20,
      mains: true,
      tempC: 20,
    };
    await station.publishRaw('heartbeat', heartbeat, 1);
    await station.publishRaw('heartbeat', heartbeat, 1);
    await processed(h, before, 4);

    expect(h.gateway.stats().messages).toMatchObject({ duplicate: 2, rejected: 0 });
    expect(h.eventsOf('fleet.power_bank.inserted')).toHaveLength(1);
    const bank = await h.fleet.stations.findPowerBank('pb_R');
    expect(bank).toMatchObject({ location: 'slot', slot: 2, stationId: station.id, cycleCount: 0 });
    const logged = (await h.fleet.messages.list(station.id)).filter((m) => m.messageId === inserted.id);
    expect(logged).toHaveLength(1);
  });

  it('rolls back a message whose apply crashes, logs why, and applies its re-delivery', async () => {
    h = await startGatewayHarness({ broker });
    await h.fleet.provisioning.addPowerBanks([{ id: 'pb_X' }]);
    const station = await h.connect(0);
    await helloApplied(h, station, [emptySlot(1), emptySlot(2), emptySlot(3), emptySlot(4)]);
    // The first apply writes everything, then fails before its unit commits.
    const state = h.fleet.state;
    const original = state.applyEvent.bind(state);
    state.applyEvent = async (...args) => {
      state.applyEvent = original;
      await original(...args);
      throw new Error('disk full');
    };
    const bankBefore = await h.fleet.stations.findPowerBank('pb_X');
    const before = h.gateway.stats().processed;
    const inserted = await station.event(bankInserted(1, 'pb_X', 80));
    await processed(h, before, 1);
    expect(h.gateway.stats().messages).toMatchObject({ failed: 1, duplicate: 0 });
    expect(await h.fleet.stations.findPowerBank('pb_X')).toEqual(bankBefore);
    expect(h.eventsOf('fleet.power_bank.inserted')).toHaveLength(0);

    await station.publishRaw('event', inserted);
    await processed(h, before, 2);
    expect(h.gateway.stats().messages).toMatchObject({ failed: 1, duplicate: 0 });
    expect(await h.fleet.stations.findPowerBank('pb_X')).toMatchObject({ location: 'slot', slot: 1 });
    expect(h.eventsOf('fleet.power_bank.inserted')).toHaveLength(1);
    const logged = (await h.fleet.messages.list(station.id)).filter((m) => m.kind === 'event');
    expect(logged.map((m) => [m.outcome, m.messageId, m.error]).sort()).toEqual([
      ['applied', inserted.id, null],
      ['rejected', null, 'apply failed: disk full'],
    ]);
  });

  it('applies late events in the order they happened, not the order they arrived', async () => {
    h = await startGatewayHarness({ broker });
    await h.fleet.provisioning.addPowerBanks([{ id: 'pb_L' }]);
    const station = await h.connect(0);
    await station.hello([bankSlot(1, 'pb_L', 70), emptySlot(2), emptySlot(3), emptySlot(4)]);
    await waitUntil(async () => (await h.fleet.stations.findPowerBank('pb_L'))?.location === 'slot', 'hello');

    // Offline, the station saw the bank taken (t1) and returned (t2); it re-delivers t2 before t1.
    h.clock.advance(10 * MINUTE);
    const removedId = station.nextId();
    const removedTs = station.ts(-8 * MINUTE);
    const before = h.gateway.stats().processed;
    await station.event({
      type: 'bank_inserted',
      slot: 1,
      powerBankId: 'pb_L',
      batteryPct: 55,
      healthPct: 90,
      tempC: 20,
      ts: station.ts(-2 * MINUTE),
    });
    await station.event({ type: 'bank_removed', slot: 1, powerBankId: 'pb_L', id: removedId, ts: removedTs });
    await processed(h, before, 2);

    const bank = await h.fleet.stations.findPowerBank('pb_L');
    expect(bank).toMatchObject({ location: 'slot', slot: 1, stationId: station.id });
    const slot = (await h.fleet.stations.listSlots(station.id))[0];
    expect(slot).toMatchObject({
      powerBankId: 'pb_L',
      stateAt: new Date(h.clock.nowMs() - 2 * MINUTE).toISOString(),
    });
    // The late removal is still announced, with its own time, so a rental could end at the right moment.
    expect(h.eventsOf('fleet.power_bank.removed')).toMatchObject([
      { powerBankId: 'pb_L', at: new Date(h.clock.nowMs() - 8 * MINUTE).toISOString() },
    ]);
  });

  it('learns the station clock offset and corrects event times, never into the future', async () => {
    h = await startGatewayHarness({ broker });
    await h.fleet.provisioning.addPowerBanks([{ id: 'pb_C' }]);
    const drift = 7 * MINUTE;
    const station = await h.connect(0, { driftMs: drift });
    await station.hello([emptySlot(1), emptySlot(2), emptySlot(3), emptySlot(4)]);
    await waitUntil(
      async () => (await h.fleet.stations.findStation(station.id))?.clockOffsetMs === drift,
      'offset',
    );

    h.clock.advance(5 * MINUTE);
    const before = h.gateway.stats().processed;
    await station.event({
      type: 'bank_inserted',
      slot: 3,
      powerBankId: 'pb_C',
      batteryPct: 50,
      healthPct: 90,
      tempC: 20,
      ts: station.ts(-MINUTE),
    });
    await processed(h, before, 1);
    let slot = (await h.fleet.stations.listSlots(station.id))[2];
    expect(slot?.stateAt).toBe(new Date(h.clock.nowMs() - MINUTE).toISOString());

    // A ts even further ahead than the learnt drift is clamped to the moment it arrived.
    await station.event({ type: 'slot_fault', slot: 3, code: 'LOCK', ts: station.ts(30 * MINUTE) });
    await processed(h, before, 2);
    slot = (await h.fleet.stations.listSlots(station.id))[2];
    expect(slot).toMatchObject({ state: 'fault', stateAt: h.clock.now().toISOString() });
  });

  it('rejects and counts malformed payloads while another station carries on', async () => {
    h = await startGatewayHarness({ broker, env: { MQTT_MAX_PAYLOAD_BYTES: String(64 * 1024) } });
    await h.fleet.provisioning.addPowerBanks([{ id: 'pb_G' }]);
    const bad = await h.connect(0);
    const good = await h.connect(1);
    const before = h.gateway.stats().processed;

    await bad.publishRaw('event', 'this is not JSON');
    await good.hello([emptySlot(1), emptySlot(2), emptySlot(3), emptySlot(4)]);
    await bad.publishRaw('inventory', Buffer.from([0xff, 0xfe, 0x7b, 0x7d]));
    await bad.publishRaw('heartbeat', '[1,2,3]', 0);
    await bad.publishRaw('inventory', {
      v: 1,
      id: bad.nextId(),
      ts: bad.ts(),
      slots: [{ ...emptySlot(1), batteryPct: 'full' }],
    });
    await good.event({
      type: 'bank_inserted',
      slot: 1,
      powerBankId: 'pb_G',
      batteryPct: 90,
      healthPct: 99,
      tempC: 20,
    });
    await bad.publishRaw('event', {
      v: 1,
      id: bad.nextId(),
      ts: bad.ts(),
      type: 'slot_fault',
      slot: 1,
      code: 'LOCK',
      extra: true,
    });
    await bad.publishRaw('event', { v: 1, id: bad.nextId(), ts: bad.ts(), type: 'teleported', slot: 1 });
    await bad.publishRaw('hello', Buffer.alloc(1024 * 1024, 0x20));
    await bad.publishRaw('heartbeat', {
      v: 2,
      id: bad.nextId(),
      ts: bad.ts(),
      uptimeS: 1,
      signal: 1,
      mains: true,
      tempC: 1,
    });
    await good.heartbeat();
    await processed(h, before, 11);

    const stats = h.gateway.stats().messages;
    expect(stats.rejectedByReason).toMatchObject({
      not_json: 2,
      not_object: 1,
      invalid: 3,
      oversize: 1,
      wrong_version: 1,
    });
    expect(stats.rejected).toBe(8);
    expect(stats.applied).toBe(3);
    expect(await h.fleet.stations.findPowerBank('pb_G')).toMatchObject({
      location: 'slot',
      stationId: good.id,
    });

    const log = await h.fleet.messages.list(bad.id, 20);
    expect(log).toHaveLength(8);
    expect(log.every((m) => m.outcome === 'rejected')).toBe(true);
    expect(log.map((m) => m.error)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^invalid: slots\.0\.batteryPct: Expected integer/),
        expect.stringMatching(/^invalid: extra: Unexpected property/),
        expect.stringMatching(/^invalid: type: unknown event type "teleported"/),
        expect.stringMatching(/^oversize: payload is 1048576 bytes/),
        expect.stringMatching(/^wrong_version: v: must be 1 \(got 2\)/),
      ]),
    );
    // The misbehaving station is still connected and still heard.
    expect(bad.client.connected).toBe(true);
    await bad.heartbeat();
    await processed(h, before, 12);
    expect(h.gateway.stats().messages.applied).toBe(4);
  });

  // The embedded broker never lets such a client connect (see broker-access.test.ts).
  it.skipIf(broker === 'embedded')(
    'refuses messages for a station id that was never provisioned',
    async () => {
      h = await startGatewayHarness({ broker });
      const ghost = await h.connect(0, { stationId: 'stn_ghost', secret: 'x' });
      const before = h.gateway.stats().processed;
      await ghost.hello([emptySlot(1)]);
      await processed(h, before, 1);
      expect(h.gateway.stats().messages.rejectedByReason.unknown_station).toBe(1);
    },
  );
});
