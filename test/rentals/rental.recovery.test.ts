import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, toIso } from '../../src/kernel/clock.js';
import { newId } from '../../src/kernel/ids.js';
import { money } from '../../src/kernel/money/index.js';
import { priceRental } from '../../src/modules/pricing/index.js';
import { testDialects } from '../helpers/db.js';
import {
  ejectAndTake,
  insertBank,
  nthCommand,
  onlyPaymentIn,
  paymentsOf,
  receiptsOf,
  refreshRider,
  rent,
  rentalIn,
  rentalOf,
  riderWithCard,
} from '../helpers/rental.outcomes.fixtures.js';
import { startRentalWorld, type ManualStation, type RentalWorld } from '../helpers/rental.world.js';
import { waitFor } from '../helpers/sim.helpers.js';

const MINUTE = 60_000;
/** Past the sweep's quiet period (30 s) and the pending timeout (60 s). */
const LATER = 61_000;

/**
 * The recovery sweep finds rentals a crash (or a lost event) left between two steps and finishes
 * them from the facts, once: a second sweep changes nothing.
 */
describe.each(testDialects())('the recovery sweep on %s', (dialect) => {
  let world: RentalWorld;
  const clock = new TestClock('2026-11-23T07:00:00.000Z');
  let n = 0;

  beforeAll(async () => {
    world = await startRentalWorld(dialect, { clock });
  }, 60_000);
  afterAll(() => world?.close());

  const repository = () => world.platform.riders.rentals.repository;
  const sweep = () => world.platform.riders.rentals.flows.sweep();

  async function stationWithOneBank(country = 'GB'): Promise<{ manual: ManualStation; bank: string }> {
    n += 1;
    const bank = `pb_${dialect}_rec${n}`;
    const manual = await world.addManualStation({ country, banks: [{ slot: 1, powerBankId: bank }] });
    return { manual, bank };
  }

  /** An active rental of the station's power bank, started over HTTP and MQTT. */
  async function activeRental(manual: ManualStation, country = 'GB') {
    const rider = await riderWithCard(world, country === 'GB' ? {} : { country, currency: 'EUR' });
    const started = await rent(world, rider, manual.id);
    await ejectAndTake(manual, await nthCommand(manual, 1));
    return { rider, rental: await rentalIn(world, rider, started.id, 'active') };
  }

  it('unwinds a rental interrupted while pending: cancelled, hold released, power bank free', async () => {
    const { manual, bank } = await stationWithOneBank();
    const rider = await riderWithCard(world);
    const rentalId = newId('rental', clock.nowMs());
    const tariff = await world.platform.riders.pricing.catalog.freeze('GB', clock.nowMs());
    // The process died after reserving the power bank and placing the hold, before the eject.
    expect(
      await repository().insertPending({
        id: rentalId,
        riderId: rider.riderId,
        startStationId: manual.id,
        powerBankId: bank,
        slot: 1,
        tariff,
        nowMs: clock.nowMs(),
      }),
    ).toBe('inserted');
    await world.platform.riders.payments.authorizeHold({
      riderId: rider.riderId,
      amount: money(tariff.holdAmount, tariff.tariff.currency),
      reference: `rental:${rentalId}`,
      idempotencyKey: `${rentalId}:hold`,
    });

    // A young pending rental may still be on its way: the sweep leaves it alone.
    expect((await sweep()).unwound).toBe(0);
    expect(await rentalOf(world, rider, rentalId)).toMatchObject({ status: 'pending' });

    clock.advance(LATER);
    await refreshRider(world, rider);
    expect((await sweep()).unwound).toBe(1);
    expect(await rentalOf(world, rider, rentalId)).toMatchObject({
      status: 'cancelled',
      failureCode: 'RENTAL_INTERRUPTED',
      amount: null,
    });
    expect(await onlyPaymentIn(world, rider, 'released')).toMatchObject({ captured: { amount: 0 } });
    expect((await sweep()).unwound).toBe(0);

    // Another rider can rent that power bank now.
    await manual.station.heartbeat();
    const next = await riderWithCard(world);
    expect(await rent(world, next, manual.id)).toMatchObject({ status: 'ejecting', powerBankId: bank });
  });

  it('settles a rental left `ending` (crash before the payment) exactly once', async () => {
    const { manual } = await stationWithOneBank();
    const { rider, rental } = await activeRental(manual);
    clock.advance(25 * MINUTE);
    const endedAt = toIso(clock.nowMs());
    // The return was claimed, then the process died before settling.
    expect(
      await repository().transition(
        rental.id,
        'ending',
        { endedAt, endStationId: manual.id },
        clock.nowMs(),
        ['active'],
      ),
    ).toBe(true);

    clock.advance(LATER);
    await refreshRider(world, rider);
    expect((await sweep()).settled).toBe(1);
    const ended = await rentalIn(world, rider, rental.id, 'ended');
    const frozen = (await repository().get(rental.id))!.tariff;
    expect(ended).toMatchObject({ endedAt, durationSeconds: 25 * 60 });
    expect(ended.amount).toBe(priceRental(frozen.tariff, 25 * MINUTE, frozen.taxRule).gross.amount);
    const charged = [{ status: 'captured', captured: { amount: ended.amount } }];
    expect(await paymentsOf(world, rider)).toMatchObject(charged);

    expect((await sweep()).settled).toBe(0);
    expect(await paymentsOf(world, rider)).toMatchObject(charged);
    expect(await receiptsOf(world, rider)).toHaveLength(1);
  });

  it('finishes a purchase left `purchasing` as a purchase: the power bank’s price, the bank lost', async () => {
    // A region whose maximum period is one day: a day of renting costs far less than the power bank.
    const catalog = world.platform.riders.pricing.catalog;
    const de = (await catalog.getRegion('DE'))!;
    await catalog.upsertRegion({ ...de, maxRentalHours: 24 });
    const { manual, bank } = await stationWithOneBank('DE');
    const { rider, rental } = await activeRental(manual, 'DE');
    const frozen = (await repository().get(rental.id))!.tariff;
    expect(frozen.maxRentalMs).toBe(24 * 3_600_000);

    clock.advance(frozen.maxRentalMs + MINUTE);
    const endedAt = toIso(Date.parse(rental.startedAt) + frozen.maxRentalMs);
    // The sweep claimed the purchase, then the process died before marking the bank lost and charging.
    expect(
      await repository().transition(rental.id, 'purchasing', { endedAt }, clock.nowMs(), ['active']),
    ).toBe(true);

    clock.advance(LATER);
    await refreshRider(world, rider);
    expect((await sweep()).settled).toBe(1);
    const purchased = await rentalIn(world, rider, rental.id, 'purchased');
    expect.soft(purchased.amount, 'the purchase price (tariff maxCharge)').toBe(frozen.tariff.maxCharge);
    const receipt = (
      await world.http('GET', `/v1/me/receipts/${purchased.receiptId}`, { headers: rider.auth })
    ).json;
    expect
      .soft(receipt.breakdown.lines, 'the receipt lines')
      .toMatchObject([{ code: 'power_bank_purchase' }]);
    expect
      .soft(await world.platform.fleet.stations.findPowerBank(bank), 'the power bank’s location')
      .toMatchObject({ location: 'lost' });

    expect((await sweep()).settled).toBe(0);
    expect(await paymentsOf(world, rider)).toMatchObject([
      { status: 'captured', captured: { amount: purchased.amount } },
    ]);
  });

  // Last in this world: it stops the rental flows' event handlers for good.
  it('ends an active rental whose return event was never handled, at the return time, charged once', async () => {
    const { manual, bank } = await stationWithOneBank();
    const back = await world.addManualStation({ country: 'GB', banks: [] });
    const { rider, rental } = await activeRental(manual);

    // The process that handles fleet events is gone; the gateway still records the return.
    world.platform.riders.rentals.flows.stop();
    clock.advance(50 * MINUTE);
    const returnedAt = toIso(clock.nowMs());
    await back.station.heartbeat();
    await insertBank(back, 2, bank);
    await waitFor(
      async () => (await world.platform.fleet.stations.findPowerBank(bank))?.location === 'slot',
      5_000,
      'the power bank back in a slot',
    );
    await refreshRider(world, rider);
    expect(await rentalOf(world, rider, rental.id)).toMatchObject({ status: 'active' });

    clock.advance(LATER);
    await refreshRider(world, rider);
    expect((await sweep()).returnsFound).toBe(1);
    const ended = await rentalIn(world, rider, rental.id, 'ended');
    const frozen = (await repository().get(rental.id))!.tariff;
    expect(ended).toMatchObject({ endedAt: returnedAt, endStationId: back.id, durationSeconds: 50 * 60 });
    expect(ended.amount).toBe(priceRental(frozen.tariff, 50 * MINUTE, frozen.taxRule).gross.amount);

    expect(await sweep()).toMatchObject({ returnsFound: 0, settled: 0 });
    expect(await paymentsOf(world, rider)).toMatchObject([
      { status: 'captured', captured: { amount: ended.amount } },
    ]);
    expect(await receiptsOf(world, rider)).toHaveLength(1);
  });
});
