import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, toIso } from '../../src/kernel/clock.js';
import { priceRental } from '../../src/modules/pricing/index.js';
import { testDialects } from '../helpers/db.js';
import { startRentalWorld, type RentalWorld } from '../helpers/rental.world.js';
import { waitFor } from '../helpers/sim.helpers.js';

const VISA = '4242424242424242';

describe.each(testDialects())(
  'a return made while the station was offline, delivered an hour later, on %s',
  (dialect) => {
    let world: RentalWorld;
    const clock = new TestClock('2026-11-23T18:00:00.000Z');

    beforeAll(async () => {
      world = await startRentalWorld(dialect, { clock });
    }, 60_000);
    afterAll(() => world?.close());

    it('ends the rental at the return time, once', async () => {
      const bank = `pb_${dialect}_late`;
      const pub = await world.addManualStation({ country: 'GB', banks: [{ slot: 1, powerBankId: bank }] });
      const hotel = await world.addManualStation({ country: 'GB', banks: [] });
      const rider = await world.signUp();
      await world.http('POST', '/v1/me/cards', { body: { testCard: VISA }, headers: rider.auth });

      const started = await world.http('POST', '/v1/rentals', {
        body: { stationId: pub.id },
        headers: rider.auth,
      });
      const command = await waitFor(() => pub.station.commands[0], 5_000, 'the eject');
      await pub.station.result(command.commandId as string, 'ok', { slot: 1, powerBankId: bank });
      await pub.station.event({
        type: 'bank_removed',
        slot: 1,
        powerBankId: bank,
        commandId: command.commandId as string,
      });
      const rentalId = started.json.id as string;
      const active = await waitFor(
        async () => {
          const r = (await world.http('GET', `/v1/rentals/${rentalId}`, { headers: rider.auth })).json;
          return r.status === 'active' ? r : undefined;
        },
        5_000,
        'active',
      );

      // 40 minutes later the rider pushes the bank into the hotel's station, which has no network.
      clock.advance(40 * 60_000);
      const returnedAt = toIso(clock.nowMs());
      const returnId = hotel.station.nextId();
      // An hour later the station is back and delivers what it kept — twice, as stations do.
      clock.advance(60 * 60_000);
      const insertion = {
        type: 'bank_inserted' as const,
        id: returnId,
        ts: returnedAt,
        slot: 2,
        powerBankId: bank,
        batteryPct: 35,
        healthPct: 95,
        tempC: 21,
      };
      await hotel.station.event(insertion);
      await hotel.station.event(insertion);

      const refreshed = await world.http('POST', '/v1/auth/refresh', {
        body: { refreshToken: rider.refreshToken },
      });
      const auth = { authorization: `Bearer ${refreshed.json.accessToken as string}` };
      const ended = await waitFor(
        async () => {
          const r = (await world.http('GET', `/v1/rentals/${rentalId}`, { headers: auth })).json;
          return r.status === 'ended' ? r : undefined;
        },
        5_000,
        'ended',
      );
      expect(ended.endedAt).toBe(returnedAt);
      expect(ended.endStationId).toBe(hotel.id);
      expect(ended.durationSeconds).toBe(40 * 60);
      const frozen = await world.platform.riders.pricing.catalog.freeze('GB', Date.parse(active.startedAt));
      expect(ended.amount).toBe(priceRental(frozen.tariff, 40 * 60_000, frozen.taxRule).gross.amount);

      const payments = (await world.http('GET', '/v1/me/payments', { headers: auth })).json.items;
      expect(payments).toMatchObject([{ status: 'captured', captured: { amount: ended.amount } }]);
      const receipts = (await world.http('GET', '/v1/me/receipts', { headers: auth })).json.items;
      expect(receipts).toHaveLength(1);
    }, 60_000);
  },
);
