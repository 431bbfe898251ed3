import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRentalWorld, type RentalWorld } from '../helpers/rental.world.js';
import { riderWithCard } from '../helpers/rider.fixtures.js';

/**
 * Two riders at one station, one right after the other. The station hands out one power bank at a
 * time and answers BUSY until the first rider has taken theirs; the second rental waits for that
 * instead of burning its attempts, and starts as soon as the station is free.
 */
describe('a second rental at a station still handing out the first one', () => {
  let world: RentalWorld;

  beforeAll(async () => {
    world = await startRentalWorld('sqlite');
  }, 60_000);
  afterAll(() => world?.close());

  it('waits for the station and becomes active; nobody is charged twice or left with a hold', async () => {
    const station = await world.addStation({
      country: 'GB',
      banks: [
        { slot: 1, powerBankId: 'pb_busy_1', batteryPct: 99 },
        { slot: 2, powerBankId: 'pb_busy_2', batteryPct: 90 },
        { slot: 3, powerBankId: 'pb_busy_3', batteryPct: 80 },
      ],
      takeDelayMs: [1_500, 1_500],
    });
    const [first, second] = [await riderWithCard(world), await riderWithCard(world)];
    const a = await world.http('POST', '/v1/rentals', {
      body: { stationId: station.id },
      headers: first.auth,
    });
    expect(a.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the first rider is still reaching for it
    const b = await world.http('POST', '/v1/rentals', {
      body: { stationId: station.id },
      headers: second.auth,
    });
    expect(b.status).toBe(201);

    const activeA = await world.http('GET', `/v1/rentals/${a.json.id}?waitSeconds=10`, {
      headers: first.auth,
    });
    const activeB = await world.http('GET', `/v1/rentals/${b.json.id}?waitSeconds=20`, {
      headers: second.auth,
    });
    expect(activeA.json).toMatchObject({ status: 'active', powerBankId: 'pb_busy_1' });
    expect(activeB.json).toMatchObject({ status: 'active', powerBankId: 'pb_busy_2' });
    for (const rider of [first, second]) {
      const payments = (await world.http('GET', '/v1/me/payments', { headers: rider.auth })).json.items;
      expect(payments).toMatchObject([{ status: 'authorized' }]);
    }
  }, 60_000);
});
