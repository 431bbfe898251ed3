import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/db.js';
import {
  startRentalWorld,
  type RentalWorld,
  type WorldRider,
  type WorldStation,
} from '../helpers/rental.world.js';
import { waitFor } from '../helpers/sim.helpers.js';

const VISA = '4242424242424242';

/**
 * The whole loop over real HTTP and real MQTT with simulated stations: sign up, save a card, rent,
 * eject confirmed, active, return at another station, priced, captured, receipt in the rider's
 * language and currency.
 */
describe.each(testDialects())('a rental from sign-up to receipt on %s', (dialect) => {
  let world: RentalWorld;
  let paris: WorldStation;
  let lyon: WorldStation;
  let rider: WorldRider;
  const fr = { 'accept-language': 'fr-FR' };

  beforeAll(async () => {
    world = await startRentalWorld(dialect);
    paris = await world.addStation({
      country: 'FR',
      banks: [
        { slot: 1, powerBankId: `pb_${dialect}_p1`, batteryPct: 70 },
        { slot: 2, powerBankId: `pb_${dialect}_p2`, batteryPct: 98 },
      ],
    });
    lyon = await world.addStation({ country: 'FR', slotCount: 4 });
    rider = await world.signUp({ locale: 'fr-FR', country: 'FR', currency: 'EUR' });
  }, 60_000);
  afterAll(() => world?.close());

  it('rents the fullest power bank, activates on the station’s word, ends at the return, charges once', async () => {
    const card = await world.http('POST', '/v1/me/cards', { body: { testCard: VISA }, headers: rider.auth });
    expect(card.status).toBe(201);

    const key = { 'idempotency-key': `rent-${dialect}-1` };
    const started = await world.http('POST', '/v1/rentals', {
      body: { stationCode: paris.code },
      headers: { ...rider.auth, ...key, ...fr },
    });
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({ status: 'ejecting', stationId: paris.id, currency: 'EUR', slot: 2 });
    expect(started.json.powerBankId).toBe(`pb_${dialect}_p2`);
    const rentalId = started.json.id as string;

    const active = await world.http('GET', `/v1/rentals/${rentalId}?waitSeconds=10`, {
      headers: { ...rider.auth, ...fr },
    });
    expect(active.json).toMatchObject({ status: 'active', powerBankId: `pb_${dialect}_p2` });
    expect(active.json.message).toBe(
      'Prenez votre batterie dans l’emplacement 2 et rendez-la dans n’importe quelle station',
    );
    expect((await world.http('GET', '/v1/rentals/current', { headers: rider.auth })).json.rental.id).toBe(
      rentalId,
    );

    // The rider walks to another station and pushes the power bank in.
    await lyon.sim.returnBank(3, `pb_${dialect}_p2`, { batteryPct: 40 });
    const ended = await waitFor(
      async () => {
        const r = await world.http('GET', `/v1/rentals/${rentalId}`, { headers: { ...rider.auth, ...fr } });
        return r.json.status === 'ended' ? r.json : undefined;
      },
      10_000,
      'the rental to end',
    );
    expect(ended).toMatchObject({
      endStationId: lyon.id,
      currency: 'EUR',
      message: 'Merci ! Votre location est terminée',
    });
    expect(ended.amount).toBeGreaterThan(0);
    expect(ended.receiptId).toMatch(/^rcp_/);

    const receipt = await world.http('GET', `/v1/me/receipts/${ended.receiptId}`, {
      headers: { ...rider.auth, ...fr },
    });
    expect(receipt.status).toBe(200);
    expect(receipt.json.rendered.locale).toBe('fr-FR');
    expect(receipt.json.rendered.total.amount).toMatch(/€/);
    expect(receipt.json.rendered.tax.label).toMatch(/TVA/);

    const payments = await world.http('GET', '/v1/me/payments', { headers: rider.auth });
    const captured = payments.json.items.filter((p: { status: string }) => p.status === 'captured');
    expect(captured).toHaveLength(1);
    expect(captured[0].captured).toEqual({ amount: ended.amount, currency: 'EUR' });

    // The same request again replays the first answer and rents nothing more.
    const again = await world.http('POST', '/v1/rentals', {
      body: { stationCode: paris.code },
      headers: { ...rider.auth, ...key, ...fr },
    });
    expect(again.status).toBe(201);
    expect(again.text).toBe(started.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const history = await world.http('GET', '/v1/rentals', { headers: rider.auth });
    expect(history.json.items).toHaveLength(1);
  }, 60_000);
});
