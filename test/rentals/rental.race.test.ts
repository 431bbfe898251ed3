import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/db.js';
import { startRentalWorld, type RentalWorld, type WorldRider } from '../helpers/rental.world.js';
import { waitFor } from '../helpers/sim.helpers.js';

const VISA = '4242424242424242';

async function riderWithCard(world: RentalWorld): Promise<WorldRider> {
  const rider = await world.signUp();
  const card = await world.http('POST', '/v1/me/cards', { body: { testCard: VISA }, headers: rider.auth });
  if (card.status !== 201) throw new Error(`card: ${card.status} ${card.text}`);
  return rider;
}

describe.each(testDialects())('racing for power banks on %s', (dialect) => {
  let world: RentalWorld;

  beforeAll(async () => {
    world = await startRentalWorld(dialect);
  }, 60_000);
  afterAll(() => world?.close());

  it('50 riders for the last power bank: one active rental, 49 clear 409s, no hold left open', async () => {
    const station = await world.addStation({
      country: 'GB',
      banks: [{ slot: 1, powerBankId: `pb_${dialect}_last` }],
    });
    const riders = await Promise.all(Array.from({ length: 50 }, () => riderWithCard(world)));

    const replies = await Promise.all(
      riders.map((r) =>
        world.http('POST', '/v1/rentals', { body: { stationId: station.id }, headers: r.auth }),
      ),
    );
    const won = replies.filter((r) => r.status === 201);
    const lost = replies.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) {
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(r.json.code).toBe('RENTAL_NO_POWER_BANK_AVAILABLE');
    }
    const winner = riders[replies.indexOf(won[0]!)]!;
    const rentalId = won[0]!.json.id as string;
    const active = await world.http('GET', `/v1/rentals/${rentalId}?waitSeconds=10`, {
      headers: winner.auth,
    });
    expect(active.json.status).toBe('active');

    // Only the winner ever had a hold; nobody else was charged or left with money on hold.
    const holds = await Promise.all(
      riders.map(async (r) => (await world.http('GET', '/v1/me/payments', { headers: r.auth })).json.items),
    );
    expect(holds.flat()).toHaveLength(1);
    expect(holds[replies.indexOf(won[0]!)]).toMatchObject([{ status: 'authorized' }]);
  }, 90_000);

  it('the same Idempotency-Key sent 10 times at once: one rental and ten identical replies', async () => {
    const station = await world.addStation({
      country: 'GB',
      banks: [
        { slot: 1, powerBankId: `pb_${dialect}_i1` },
        { slot: 2, powerBankId: `pb_${dialect}_i2` },
      ],
    });
    const rider = await riderWithCard(world);
    const headers = { ...rider.auth, 'idempotency-key': 'tap-rent-once' };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        world.http('POST', '/v1/rentals', { body: { stationCode: station.code }, headers }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    const history = await world.http('GET', '/v1/rentals', { headers: rider.auth });
    expect(history.json.items).toHaveLength(1);
    const payments = await world.http('GET', '/v1/me/payments', { headers: rider.auth });
    expect(payments.json.items).toHaveLength(1);

    // The same key with another body is refused and changes nothing.
    const other = await world.http('POST', '/v1/rentals', { body: { stationId: station.id }, headers });
    expect(other.status).toBe(422);
    expect(other.json.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await waitFor(
      async () =>
        (await world.http('GET', '/v1/rentals/current', { headers: rider.auth })).json.rental?.status ===
        'active',
      10_000,
      'the rental to become active',
    );
  }, 60_000);
});
