import { afterEach, describe, expect, it } from 'vitest';
import { gatewayBrokers, startGatewayHarness, type GatewayHarness } from '../helpers/gateway.harness.js';
import { bankSlot, emptySlot, grace, waitUntil, type TestStation } from '../helpers/gateway.stations.js';
import { testDialects } from '../helpers/db.js';

/** Connects station 0, says hello with power bank pb_A in slot 1 and waits until the platform knows it. */
async function onlineStationWithBank(h: GatewayHarness): Promise<TestStation> {
  await h.fleet.provisioning.addPowerBanks([{ id: 'pb_A', batteryPct: 90 }]);
  const station = await h.connect(0);
  await station.hello([bankSlot(1, 'pb_A', 90), emptySlot(2), emptySlot(3), emptySlot(4)]);
  await waitUntil(
    async () => (await h.fleet.stations.findPowerBank('pb_A'))?.location === 'slot',
    'hello applied',
  );
  return station;
}

async function commandStatus(h: GatewayHarness, id: string): Promise<string | undefined> {
  return (await h.gateway.commands.get(id))?.status;
}

describe.each(gatewayBrokers())('station commands over MQTT (%s broker)', (broker) => {
  let h: GatewayHarness;
  afterEach(async () => h?.close());

  it('eject round trip: the station receives the command, answers ok, and the command succeeds', async () => {
    h = await startGatewayHarness({ broker });
    const station = await onlineStationWithBank(h);

    const sent = await h.gateway.commands.send({
      stationId: station.id,
      type: 'eject',
      params: { slot: 1, powerBankId: 'pb_A' },
      requestedBy: 'ops:test',
    });
    expect(sent.status).toBe('sent');
    const received = await waitUntil(() => station.commands[0], 'command delivered');
    expect(received).toEqual({
      v: 1,
      commandId: sent.id,
      type: 'eject',
      issuedAt: h.clock.now().toISOString(),
      expiresAt: new Date(h.clock.nowMs() + h.config.COMMAND_TTL_SECONDS * 1000).toISOString(),
      slot: 1,
      powerBankId: 'pb_A',
    });

    await station.result(sent.id, 'ok', { slot: 1, powerBankId: 'pb_A' });
    await waitUntil(async () => (await commandStatus(h, sent.id)) === 'succeeded', 'command succeeded');
    await station.event({ type: 'bank_removed', slot: 1, powerBankId: 'pb_A', commandId: sent.id });
    await waitUntil(
      async () => (await h.fleet.stations.findPowerBank('pb_A'))?.location === 'rental',
      'bank rented',
    );

    expect(h.eventsOf('fleet.command.completed')).toEqual([
      { commandId: sent.id, stationId: station.id, type: 'eject', status: 'succeeded' },
    ]);
    expect(h.eventsOf('fleet.power_bank.removed')).toMatchObject([
      { powerBankId: 'pb_A', commandId: sent.id },
    ]);
    expect(h.gateway.stats().commands.sent).toBe(1);
    const log = await h.fleet.messages.list(station.id);
    expect(log.find((m) => m.direction === 'out')).toMatchObject({ kind: 'command', messageId: sent.id });
  });

  it.each([
    ['failed', { code: 'MOTOR' }, 'failed', 'MOTOR'],
    ['failed', { code: 'SLOT_EMPTY' }, 'failed', 'SLOT_EMPTY'],
    ['rejected', {}, 'failed', 'REJECTED'],
    ['expired', {}, 'expired', null],
  ] as const)('a %s result %j marks the command %s with code %s', async (status, extra, expected, code) => {
    h = await startGatewayHarness({ broker });
    const station = await onlineStationWithBank(h);
    const sent = await h.gateway.commands.send({
      stationId: station.id,
      type: 'eject',
      params: { slot: 1, powerBankId: 'pb_A' },
      requestedBy: 'ops:test',
    });
    await waitUntil(() => station.commands[0], 'command delivered');
    await station.result(sent.id, status, extra);
    await waitUntil(async () => (await commandStatus(h, sent.id)) === expected, `command ${expected}`);
    const command = await h.gateway.commands.get(sent.id);
    expect(command?.resultCode).toBe(code);
    expect(h.eventsOf('fleet.command.completed')).toEqual([
      expect.objectContaining({ commandId: sent.id, status: expected, ...(code ? { code } : {}) }),
    ]);
    // The eject lock is released: another eject may be sent now.
    const next = await h.gateway.commands.send({
      stationId: station.id,
      type: 'eject',
      params: { slot: 1, powerBankId: 'pb_A' },
      requestedBy: 'ops:test',
    });
    expect(next.status).toBe('sent');
  });

  it('no answer: the command times out on tick, and a late result changes nothing', async () => {
    h = await startGatewayHarness({ broker });
    const station = await onlineStationWithBank(h);
    const sent = await h.gateway.commands.send({
      stationId: station.id,
      type: 'eject',
      params: { slot: 1, powerBankId: 'pb_A' },
      requestedBy: 'ops:test',
    });
    await waitUntil(() => station.commands[0], 'command delivered');

    h.clock.advance((h.config.COMMAND_RESULT_TIMEOUT_SECONDS - 1) * 1000);
    await h.gateway.tick();
    expect(await commandStatus(h, sent.id)).toBe('sent');

    h.clock.advance(2000);
    await h.gateway.tick();
    expect(await commandStatus(h, sent.id)).toBe('timed_out');
    expect(h.eventsOf('fleet.command.completed')).toEqual([
      { commandId: sent.id, stationId: station.id, type: 'eject', status: 'timed_out' },
    ]);

    const processed = h.gateway.stats().processed;
    await station.result(sent.id, 'ok');
    await waitUntil(() => h.gateway.stats().processed > processed, 'late result processed');
    expect(await commandStatus(h, sent.id)).toBe('timed_out');
    expect(h.eventsOf('fleet.command.completed')).toHaveLength(1);
  });

  it('an expired command is never delivered later, while a live one queued beside it is', async () => {
    h = await startGatewayHarness({ broker });
    const station = await onlineStationWithBank(h);
    // A persistent session: the broker queues QoS 1 commands while the station is away.
    await station.end();
    const persistent = await h.connect(0, { mqtt: { clean: false, clientId: station.id } });
    await persistent.client.endAsync();

    const stale = await h.gateway.commands.send({
      stationId: station.id,
      type: 'sync',
      requestedBy: 'ops:test',
      ttlSeconds: 1,
    });
    // Mosquitto expires queued messages on its own (real) clock; the embedded broker uses ours.
    if (broker === 'mosquitto') await grace(2100);
    h.clock.advance((h.config.COMMAND_RESULT_TIMEOUT_SECONDS + 1) * 1000);
    await h.gateway.tick();
    expect(await commandStatus(h, stale.id)).toBe('timed_out');
    const live = await h.gateway.commands.send({
      stationId: station.id,
      type: 'sync',
      requestedBy: 'ops:test',
    });

    const back = await h.connect(0, { mqtt: { clean: false, clientId: station.id }, subscribe: false });
    await waitUntil(() => back.commands.length > 0, 'queued live command delivered');
    await grace(200);
    expect(back.commands.map((c) => c.commandId)).toEqual([live.id]);
    expect(h.gateway.stats().commands.sent).toBe(2);
    expect(await commandStatus(h, stale.id)).toBe('timed_out');
  });

  it('refuses a result for another station’s command and leaves it in flight', async () => {
    h = await startGatewayHarness({ broker });
    const a = await onlineStationWithBank(h);
    const b = await h.connect(1);
    const sent = await h.gateway.commands.send({ stationId: a.id, type: 'sync', requestedBy: 'ops:test' });
    await b.result(sent.id, 'ok');
    await waitUntil(
      () => h.gateway.stats().messages.rejectedByReason.foreign_command === 1,
      'rejection counted',
    );
    expect(await commandStatus(h, sent.id)).toBe('sent');
    const log = await h.fleet.messages.list(b.id);
    expect(log[0]).toMatchObject({ outcome: 'rejected', kind: 'result' });
  });
});

describe('sending commands: validation (embedded broker)', () => {
  let h: GatewayHarness;
  afterEach(async () => h?.close());

  it('names the bad field, refuses unknown stations, and allows one eject in flight per station', async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const stationId = h.stations[0]!.id;
    const send = (input: Record<string, unknown>) =>
      h.gateway.commands.send({ stationId, requestedBy: 'ops:test', ...input } as never);

    await expect(send({ type: 'explode' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: /^type:/,
    });
    await expect(send({ type: 'eject', params: { slot: 1 } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: /^params\.powerBankId:/,
    });
    await expect(send({ type: 'eject', params: { slot: '1', powerBankId: 'pb_A' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: /^params\.slot:/,
    });
    await expect(send({ type: 'eject', params: { slot: 9, powerBankId: 'pb_A' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: /^params\.slot: station .* has 4 slots/,
    });
    await expect(
      send({ type: 'set_slot', params: { slot: 1, enabled: true, extra: 1 } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: /^params\.extra:/,
    });
    await expect(
      h.gateway.commands.send({ stationId: 'stn_missing', type: 'sync', requestedBy: 'ops:test' }),
    ).rejects.toMatchObject({ code: 'FLEET_STATION_NOT_FOUND' });
    expect(await h.gateway.commands.list({ stationId })).toEqual([]);

    const first = await send({ type: 'eject', params: { slot: 1, powerBankId: 'pb_A' } });
    await expect(send({ type: 'eject', params: { slot: 2, powerBankId: 'pb_B' } })).rejects.toMatchObject({
      code: 'FLEET_EJECT_IN_PROGRESS',
    });
    expect((await h.gateway.commands.list({ stationId })).map((c) => c.id)).toEqual([first.id]);
  });

  it('fills configure.serverTime with the platform time, whatever the caller sent', async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const station = await h.connect(0);
    const sent = await h.gateway.commands.send({
      stationId: station.id,
      type: 'configure',
      params: { heartbeatSeconds: 30, serverTime: '1999-01-01T00:00:00Z' },
      requestedBy: 'ops:test',
    });
    const received = await waitUntil(() => station.commands[0], 'configure delivered');
    expect(received).toMatchObject({
      type: 'configure',
      heartbeatSeconds: 30,
      serverTime: h.clock.now().toISOString(),
    });
    expect(sent.params).toMatchObject({ serverTime: h.clock.now().toISOString() });
  });
});

describe.each(testDialects().filter((d) => d === 'postgres'))('eject round trip on %s', (dialect) => {
  let h: GatewayHarness;
  afterEach(async () => h?.close());

  it('completes the command and rents the bank', async () => {
    h = await startGatewayHarness({ broker: 'embedded', dialect });
    const station = await onlineStationWithBank(h);
    const sent = await h.gateway.commands.send({
      stationId: station.id,
      type: 'eject',
      params: { slot: 1, powerBankId: 'pb_A' },
      requestedBy: 'ops:test',
    });
    await waitUntil(() => station.commands[0], 'command delivered');
    await station.result(sent.id, 'ok');
    await station.event({ type: 'bank_removed', slot: 1, powerBankId: 'pb_A', commandId: sent.id });
    await waitUntil(
      async () => (await h.fleet.stations.findPowerBank('pb_A'))?.location === 'rental',
      'bank rented',
    );
    expect(await commandStatus(h, sent.id)).toBe('succeeded');
  });
});
