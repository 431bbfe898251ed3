import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, toIso } from '../../src/kernel/clock.js';
import { pricePurchase, priceRental } from '../../src/modules/pricing/index.js';
import { testDialects } from '../helpers/db.js';
import { grace } from '../helpers/gateway.stations.js';
import {
  ejectAndTake,
  insertBank,
  nthCommand,
  paymentsOf,
  receiptsOf,
  refreshRider,
  rent,
  rentalIn,
  rentalOf,
  riderWithCard,
} from '../helpers/rental.outcomes.fixtures.js';
import {
  startRentalWorld,
  type ManualStation,
  type RentalWorld,
  type WorldRider,
} from '../helpers/rental.world.js';
import { waitFor } from '../helpers/sim.helpers.js';

const MINUTE = 60_000;

/** Rents at the station, lets its `nth` command eject and the rider take the power bank; returns it active. */
async function rentAndTake(world: RentalWorld, rider: WorldRider, manual: ManualStation, nth: number) {
  const started = await rent(world, rider, manual.id);
  await ejectAndTake(manual, await nthCommand(manual, nth));
  return rentalIn(world, rider, started.id, 'active');
}

/**
 * A power bank never returned: after the tariff's maximum period the sweep turns the rental into a
 * purchase of the power bank, charged once, whatever happens next.
 */
describe.each(testDialects())('an overdue rental becomes a purchase on %s', (dialect) => {
  let world: RentalWorld;
  const clock = new TestClock('2026-11-23T08:00:00.000Z');

  beforeAll(async () => {
    world = await startRentalWorld(dialect, { clock });
  }, 60_000);
  afterAll(() => world?.close());

  it('charges the power bank’s price once, marks it lost, and a late return changes nothing', async () => {
    const bank = `pb_${dialect}_kept`;
    const pub = await world.addManualStation({ country: 'GB', banks: [{ slot: 1, powerBankId: bank }] });
    const hotel = await world.addManualStation({ country: 'GB', banks: [] });
    const rider = await riderWithCard(world);
    const quote = (await world.http('GET', `/v1/stations/${pub.id}/quote`)).json;
    // The hold covers a day, not the power bank: the purchase needs a capture and an off-session charge.
    expect(quote.holdAmount).toBeLessThan(quote.maxCharge);

    const active = await rentAndTake(world, rider, pub, 1);
    const startedAtMs = Date.parse(active.startedAt);
    clock.advance(quote.maxRentalHours * 3_600_000 + MINUTE);
    await refreshRider(world, rider);

    const flows = world.platform.riders.rentals.flows;
    expect((await flows.sweep()).purchased).toBe(1);
    const purchased = await rentalOf(world, rider, active.id);
    const frozen = (await world.platform.riders.rentals.repository.get(active.id))!.tariff;
    expect(purchased).toMatchObject({
      status: 'purchased',
      amount: quote.maxCharge,
      currency: 'GBP',
      endedAt: toIso(startedAtMs + quote.maxRentalHours * 3_600_000),
      failureCode: null,
    });
    expect(purchased.amount).toBe(pricePurchase(frozen.tariff, frozen.taxRule).gross.amount);

    const receipt = (
      await world.http('GET', `/v1/me/receipts/${purchased.receiptId}`, { headers: rider.auth })
    ).json;
    expect(receipt.rendered.title).toBe('Power bank purchase');
    expect(receipt.breakdown.lines).toMatchObject([{ code: 'power_bank_purchase' }]);
    expect(receipt.breakdown.gross).toEqual({ amount: quote.maxCharge, currency: 'GBP' });
    expect(await world.platform.fleet.stations.findPowerBank(bank)).toMatchObject({ location: 'lost' });

    const charged = [
      {
        status: 'captured',
        authorized: { amount: quote.holdAmount, currency: 'GBP' },
        captured: { amount: quote.maxCharge, currency: 'GBP' },
      },
    ];
    expect(await paymentsOf(world, rider)).toMatchObject(charged);

    // The sweep runs again (every worker tick): nothing more is charged.
    expect((await flows.sweep()).purchased).toBe(0);
    expect(await paymentsOf(world, rider)).toMatchObject(charged);
    expect(await receiptsOf(world, rider)).toHaveLength(1);

    // The rider finds the power bank in a drawer and returns it a day later.
    clock.advance(24 * 3_600_000);
    await refreshRider(world, rider);
    await hotel.station.heartbeat();
    await insertBank(hotel, 2, bank);
    await waitFor(
      async () => (await world.platform.fleet.stations.findPowerBank(bank))?.location === 'slot',
      5_000,
      'the power bank back in a slot',
    );
    // Operations are told a lost power bank turned up again.
    expect(
      await world.platform.fleet.alerts.list({
        stationId: hotel.id,
        status: 'open',
        type: 'BANK_LOST_RETURNED',
      }),
    ).toMatchObject([{ powerBankId: bank }]);
    await grace();
    expect(await flows.sweep()).toMatchObject({ returnsFound: 0, settled: 0, purchased: 0 });
    expect(await rentalOf(world, rider, active.id)).toMatchObject({
      status: 'purchased',
      amount: quote.maxCharge,
      endStationId: null,
    });
    expect(await paymentsOf(world, rider)).toMatchObject(charged);
    expect(await receiptsOf(world, rider)).toHaveLength(1);
  }, 60_000);
});

/** The price of a rental comes from the tariff frozen when it started, in the currency it started in. */
describe('what a rental costs (sqlite)', () => {
  let world: RentalWorld;
  const clock = new TestClock('2026-11-23T12:00:00.000Z');

  beforeAll(async () => {
    world = await startRentalWorld('sqlite', { clock });
  }, 60_000);
  afterAll(() => world?.close());

  const catalog = () => world.platform.riders.pricing.catalog;

  it('two durations cost what priceRental says for the frozen tariff', async () => {
    const station = await world.addManualStation({
      country: 'GB',
      slotCount: 4,
      banks: [{ slot: 1, powerBankId: 'pb_price_1' }],
    });
    const rider = await riderWithCard(world);
    const amounts: number[] = [];
    for (const [i, minutes] of [20, 190].entries()) {
      const active = await rentAndTake(world, rider, station, i + 1);
      clock.advance(minutes * MINUTE);
      await refreshRider(world, rider);
      await station.station.heartbeat();
      await insertBank(station, 1, 'pb_price_1');
      const ended = await rentalIn(world, rider, active.id, 'ended');
      const frozen = await catalog().freeze('GB', Date.parse(active.startedAt));
      expect(ended.durationSeconds).toBe(minutes * 60);
      expect(ended.amount).toBe(priceRental(frozen.tariff, minutes * MINUTE, frozen.taxRule).gross.amount);
      amounts.push(ended.amount);
    }
    expect(amounts[0]).toBeLessThan(amounts[1]!);
    const captured = (await paymentsOf(world, rider)).map(
      (p: { captured: { amount: number } }) => p.captured,
    );
    expect(captured.map((c: { amount: number }) => c.amount).sort((a: number, b: number) => a - b)).toEqual(
      [...amounts].sort((a, b) => a - b),
    );
  });

  it('a tariff published during a rental does not change its price; the next rental pays the new one', async () => {
    const station = await world.addManualStation({
      country: 'DE',
      slotCount: 4,
      banks: [{ slot: 1, powerBankId: 'pb_price_de' }],
    });
    const rider = await riderWithCard(world, { country: 'DE', currency: 'EUR', locale: 'de-DE' });
    const active = await rentAndTake(world, rider, station, 1);
    const v1 = await catalog().freeze('DE', clock.nowMs());

    clock.advance(10 * MINUTE);
    const {
      id: _id,
      country: _c,
      version: _v,
      effectiveFrom: _e,
      createdAt: _ca,
      createdBy: _cb,
      ...fields
    } = (await catalog().listTariffs('DE')).at(-1)!;
    const v2 = await catalog().publishTariff(
      'DE',
      { ...fields, unlockFee: fields.unlockFee * 2, pricePerPeriod: fields.pricePerPeriod * 2 },
      { createdBy: 'ops:test' },
    );
    expect(v2.version).toBe(v1.version + 1);

    clock.advance(30 * MINUTE);
    await refreshRider(world, rider);
    await station.station.heartbeat();
    await insertBank(station, 1, 'pb_price_de');
    const ended = await rentalIn(world, rider, active.id, 'ended');
    expect(ended.tariff.version).toBe(v1.version);
    expect(ended.amount).toBe(priceRental(v1.tariff, 40 * MINUTE, v1.taxRule).gross.amount);
    const now = await catalog().freeze('DE', clock.nowMs());
    expect(ended.amount).not.toBe(priceRental(now.tariff, 40 * MINUTE, now.taxRule).gross.amount);

    const next = await rentAndTake(world, rider, station, 2);
    expect(next.tariff.version).toBe(v2.version);
  });

  it('a rental started in France and returned in Britain is charged in euros', async () => {
    const paris = await world.addManualStation({
      country: 'FR',
      banks: [{ slot: 1, powerBankId: 'pb_eurostar' }],
    });
    const london = await world.addManualStation({ country: 'GB', banks: [] });
    const rider = await riderWithCard(world, { country: 'GB', currency: 'GBP' });
    const active = await rentAndTake(world, rider, paris, 1);
    expect(active.currency).toBe('EUR');

    clock.advance(135 * MINUTE); // the train
    await refreshRider(world, rider);
    await london.station.heartbeat();
    await insertBank(london, 3, 'pb_eurostar');
    const ended = await rentalIn(world, rider, active.id, 'ended');
    expect(ended).toMatchObject({ currency: 'EUR', endStationId: london.id });
    const frozen = await catalog().freeze('FR', Date.parse(active.startedAt));
    expect(ended.amount).toBe(priceRental(frozen.tariff, 135 * MINUTE, frozen.taxRule).gross.amount);
    expect(await paymentsOf(world, rider)).toMatchObject([
      { status: 'captured', captured: { amount: ended.amount, currency: 'EUR' } },
    ]);
    const receipt = (await world.http('GET', `/v1/me/receipts/${ended.receiptId}`, { headers: rider.auth }))
      .json;
    expect(receipt).toMatchObject({ currency: 'EUR', breakdown: { gross: { currency: 'EUR' } } });
    expect(receipt.rendered.total.amount).toMatch(/€/);
  });
});
