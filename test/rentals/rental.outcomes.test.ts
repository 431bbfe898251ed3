import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, toIso } from '../../src/kernel/clock.js';
import {
  ejectAndTake,
  ejectsSentTo,
  nthCommand,
  onlyPaymentIn,
  paymentsOf,
  receiptsOf,
  rent,
  rentalIn,
  rentalOf,
  riderWithCard,
} from '../helpers/rental.outcomes.fixtures.js';
import { startRentalWorld, type ManualStation, type RentalWorld } from '../helpers/rental.world.js';
import { grace } from '../helpers/gateway.stations.js';
import { waitFor } from '../helpers/sim.helpers.js';

/**
 * What a rider and an operator see when the eject does not simply succeed: a jammed motor, a late or
 * refused command, an eject nobody answers, a power bank nobody takes, a result lost on the way.
 * The station is driven message by message over real MQTT, on a TestClock.
 */
describe('eject outcomes beyond the happy path (sqlite)', () => {
  let world: RentalWorld;
  const clock = new TestClock('2026-11-23T10:00:00.000Z');
  let n = 0;

  beforeAll(async () => {
    world = await startRentalWorld('sqlite', { clock });
  }, 60_000);
  afterAll(() => world?.close());

  /** A station with power banks in slots 1.. at falling battery levels: slot 1 is the best. */
  async function stationWith(banks: number): Promise<{ manual: ManualStation; ids: string[] }> {
    n += 1;
    const ids = Array.from({ length: banks }, (_, i) => `pb_out${n}_${i + 1}`);
    const manual = await world.addManualStation({
      country: 'GB',
      slotCount: Math.max(banks, 2),
      banks: ids.map((powerBankId, i) => ({ slot: i + 1, powerBankId, batteryPct: 95 - i * 5 })),
    });
    return { manual, ids };
  }

  const attemptsOf = async (rentalId: string) =>
    world.platform.riders.rentals.repository.listAttempts(rentalId);

  it('a jammed motor moves the rental to the next best power bank, which the rider gets, on one hold', async () => {
    const { manual, ids } = await stationWith(3);
    const rider = await riderWithCard(world);
    const started = await rent(world, rider, manual.id);
    expect(started).toMatchObject({ status: 'ejecting', powerBankId: ids[0], slot: 1 });

    const first = await nthCommand(manual, 1);
    expect(first).toMatchObject({ slot: 1, powerBankId: ids[0] });
    await manual.station.result(first.commandId, 'failed', { code: 'MOTOR', slot: 1, powerBankId: ids[0] });

    const second = await nthCommand(manual, 2);
    expect(second).toMatchObject({ type: 'eject', slot: 2, powerBankId: ids[1] });
    await ejectAndTake(manual, second);

    const active = await rentalIn(world, rider, started.id, 'active');
    expect(active).toMatchObject({ powerBankId: ids[1], slot: 2, failureCode: null });
    expect((await world.platform.riders.rentals.repository.get(started.id))?.attempts).toBe(2);
    expect(await attemptsOf(started.id)).toMatchObject([
      { attempt: 1, powerBankId: ids[0], outcome: 'failed', outcomeCode: 'MOTOR' },
      { attempt: 2, powerBankId: ids[1], outcome: 'succeeded' },
    ]);
    // One hold for the whole rental, still open while the power bank is out.
    expect(await paymentsOf(world, rider)).toMatchObject([{ status: 'authorized' }]);
    expect(manual.station.commands).toHaveLength(2);
  });

  it('an eject the station let expire goes to the next power bank', async () => {
    const { manual, ids } = await stationWith(2);
    const rider = await riderWithCard(world);
    const started = await rent(world, rider, manual.id);
    const first = await nthCommand(manual, 1);
    await manual.station.result(first.commandId, 'expired');

    const second = await nthCommand(manual, 2);
    expect(second).toMatchObject({ slot: 2, powerBankId: ids[1] });
    await ejectAndTake(manual, second);
    await rentalIn(world, rider, started.id, 'active');
    expect(await attemptsOf(started.id)).toMatchObject([{ outcome: 'expired' }, { outcome: 'succeeded' }]);
  });

  it('an expired eject with no other power bank calls the rental off for free', async () => {
    const { manual, ids } = await stationWith(1);
    const rider = await riderWithCard(world);
    const started = await rent(world, rider, manual.id);
    const first = await nthCommand(manual, 1);
    await manual.station.result(first.commandId, 'expired');

    const cancelled = await rentalIn(world, rider, started.id, 'cancelled');
    expect(cancelled).toMatchObject({ failureCode: 'RENTAL_EJECT_EXPIRED', amount: null, startedAt: null });
    expect(await onlyPaymentIn(world, rider, 'released')).toMatchObject({ captured: { amount: 0 } });
    expect(await receiptsOf(world, rider)).toEqual([]);
    const slots = await world.platform.fleet.availability.slotDetails(manual.id);
    expect(slots.find((s) => s.slot === 1)).toMatchObject({ powerBankId: ids[0], rentable: true });
  });

  it('a station that refuses every eject fails the rental after three power banks, nothing charged', async () => {
    const { manual } = await stationWith(4);
    const rider = await riderWithCard(world);
    const started = await rent(world, rider, manual.id);
    for (let i = 1; i <= 3; i++) {
      const command = await nthCommand(manual, i);
      await manual.station.result(command.commandId, 'rejected');
    }
    const failed = await rentalIn(world, rider, started.id, 'failed');
    expect(failed).toMatchObject({ failureCode: 'RENTAL_EJECT_REJECTED', amount: null });
    expect(await onlyPaymentIn(world, rider, 'released')).toMatchObject({ captured: { amount: 0 } });
    await grace();
    expect(manual.station.commands).toHaveLength(3);
    expect((await world.http('GET', '/v1/rentals/current', { headers: rider.auth })).json.rental).toBeNull();
  });

  it('an eject nobody answers times out and the next power bank is tried; a late answer changes nothing', async () => {
    const { manual, ids } = await stationWith(2);
    const rider = await riderWithCard(world);
    const started = await rent(world, rider, manual.id);
    const first = await nthCommand(manual, 1);

    clock.advance(31_000); // past COMMAND_RESULT_TIMEOUT_SECONDS (30): the gateway's tick times it out
    await manual.station.heartbeat();
    const second = await nthCommand(manual, 2);
    expect(second).toMatchObject({ slot: 2, powerBankId: ids[1] });
    await ejectAndTake(manual, second);
    await rentalIn(world, rider, started.id, 'active');

    // The first answer arrives after all: the command already has its final status.
    await manual.station.result(first.commandId, 'ok', { slot: 1, powerBankId: ids[0] });
    await grace();
    expect(await rentalOf(world, rider, started.id)).toMatchObject({ status: 'active', powerBankId: ids[1] });
    expect(await attemptsOf(started.id)).toMatchObject([{ outcome: 'timed_out' }, { outcome: 'succeeded' }]);
    expect(manual.station.commands).toHaveLength(2);
  });

  /** The station sends a heartbeat `afterMs` later, and the platform has recorded it. */
  async function stillTalking(manual: ManualStation, afterMs: number): Promise<void> {
    clock.advance(afterMs);
    await manual.station.heartbeat();
    const now = toIso(clock.nowMs());
    await waitFor(
      async () => ((await world.platform.fleet.stations.findStation(manual.id))?.lastSeenAt ?? '') >= now,
      5_000,
      'the heartbeat to be recorded',
    );
  }

  it('a station that never answers is given up on after the retry window, power banks left or not', async () => {
    const { manual } = await stationWith(3);
    const rider = await riderWithCard(world);
    const started = await rent(world, rider, manual.id);
    await nthCommand(manual, 1);
    // The station keeps talking (it got the command) but never answers it: per the protocol an
    // unanswered eject, so the next power bank is tried within the 60 s window.
    await stillTalking(manual, 5_000);
    clock.advance(26_000);
    const second = await nthCommand(manual, 2);
    expect(second.type).toBe('eject');
    await stillTalking(manual, 5_000);
    clock.advance(26_000); // the second times out 62 s after the rider asked: the rider has gone

    const cancelled = await rentalIn(world, rider, started.id, 'cancelled');
    expect(cancelled).toMatchObject({ failureCode: 'RENTAL_EJECT_TIMED_OUT', amount: null });
    expect(await onlyPaymentIn(world, rider, 'released')).toMatchObject({ captured: { amount: 0 } });
    await grace();
    expect(manual.station.commands).toHaveLength(2);
  });

  it('a power bank nobody takes is pulled back: cancelled, hold released, no receipt, rentable again', async () => {
    const { manual, ids } = await stationWith(1);
    const rider = await riderWithCard(world);
    const started = await rent(world, rider, manual.id);
    const command = await nthCommand(manual, 1);
    await manual.station.result(command.commandId, 'ok', { slot: 1, powerBankId: ids[0] });
    await rentalIn(world, rider, started.id, 'active');

    clock.advance(30_000); // the station's take timeout
    await manual.station.event({
      type: 'bank_retracted',
      slot: 1,
      powerBankId: command.powerBankId,
      commandId: command.commandId,
    });
    const cancelled = await rentalIn(world, rider, started.id, 'cancelled');
    expect(cancelled).toMatchObject({ failureCode: 'RENTAL_NOT_TAKEN', amount: null, receiptId: null });
    expect(await onlyPaymentIn(world, rider, 'released')).toMatchObject({ captured: { amount: 0 } });
    expect(await receiptsOf(world, rider)).toEqual([]);

    // The next rider gets that very power bank.
    const slots = await world.platform.fleet.availability.slotDetails(manual.id);
    expect(slots.find((s) => s.slot === 1)).toMatchObject({ powerBankId: ids[0], rentable: true });
    const next = await riderWithCard(world);
    const again = await rent(world, next, manual.id);
    expect(again).toMatchObject({ status: 'ejecting', powerBankId: ids[0] });
    await ejectAndTake(manual, await nthCommand(manual, 2));
    await rentalIn(world, next, again.id, 'active');
  });

  it('a lost result is made up for by bank_removed with the command id: the rental runs', async () => {
    const { manual, ids } = await stationWith(1);
    const rider = await riderWithCard(world);
    const started = await rent(world, rider, manual.id);
    const command = await nthCommand(manual, 1);
    clock.advance(2_000);
    const removed = await manual.station.event({
      type: 'bank_removed',
      slot: 1,
      powerBankId: command.powerBankId,
      commandId: command.commandId,
    });
    const active = await rentalIn(world, rider, started.id, 'active');
    expect(active).toMatchObject({ powerBankId: ids[0], startedAt: removed.ts });

    // The command then times out unanswered; the rental stays as it is, with its one hold.
    clock.advance(31_000);
    await manual.station.heartbeat();
    await grace(500);
    expect(await rentalOf(world, rider, started.id)).toMatchObject({
      status: 'active',
      startedAt: removed.ts,
    });
    expect(manual.station.commands).toHaveLength(1);
    expect(await paymentsOf(world, rider)).toMatchObject([{ status: 'authorized' }]);
  });
});

/** A simulated station over real MQTT whose motor jams on every eject. */
describe('a station whose motor always jams (sqlite, simulated)', () => {
  let world: RentalWorld;

  beforeAll(async () => {
    world = await startRentalWorld('sqlite');
  }, 60_000);
  afterAll(() => world?.close());

  it('tries exactly RENTAL_MAX_EJECT_ATTEMPTS (3) of five power banks, then fails the rental for free', async () => {
    const station = await world.addStation({
      country: 'GB',
      slotCount: 5,
      banks: Array.from({ length: 5 }, (_, i) => ({ slot: i + 1, powerBankId: `pb_jam_${i + 1}` })),
      ejectFailureRate: 1,
    });
    const rider = await riderWithCard(world);
    const started = await rent(world, rider, station.id);

    const failed = await rentalIn(world, rider, started.id, 'failed');
    expect(failed).toMatchObject({ failureCode: 'RENTAL_EJECT_MOTOR', amount: null, startedAt: null });
    expect(await onlyPaymentIn(world, rider, 'released')).toMatchObject({ captured: { amount: 0 } });
    expect(await receiptsOf(world, rider)).toEqual([]);

    await grace();
    const ejects = await ejectsSentTo(world, station.id);
    expect(ejects).toHaveLength(3);
    expect(ejects).toMatchObject(Array(3).fill({ status: 'failed', resultCode: 'MOTOR' }));
    // Three different power banks were tried.
    const tried = new Set(ejects.map((c) => c.params.powerBankId));
    expect(tried.size).toBe(3);
  });
});
