import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRentalWorld, type RentalWorld, type WorldStation } from '../../test/helpers/rental.world.js';
import { RiderHttpError, SimulatedRider } from './riders.js';

/**
 * The simulated rider drives the real API only (HTTP + the development outbox for its code), so one
 * dialect is enough here: the rental loop itself runs on every dialect in test/rentals.
 */
describe('a simulated rider over HTTP', () => {
  let world: RentalWorld;
  let bar: WorldStation;
  let gym: WorldStation;
  const readMessage = async (to: string) => (await world.platform.riders.identity.devOutbox.latest(to))?.body;

  beforeAll(async () => {
    world = await startRentalWorld('sqlite');
    bar = await world.addStation({ country: 'GB', banks: [{ slot: 1, powerBankId: 'pb_sim_rider_1' }] });
    gym = await world.addStation({ country: 'GB', slotCount: 2 });
  }, 60_000);
  afterAll(() => world?.close());

  it('signs up with the code it was sent, saves a card, rents, and is charged once after the return', async () => {
    const rider = new SimulatedRider({ baseUrl: world.baseUrl });
    await rider.signUp(readMessage);
    expect(rider.riderId).toMatch(/^rdr_/);
    await rider.addTestCard();

    const answer = await rider.rent({ stationCode: bar.code }, 'sim-rider-rent-1');
    if (!answer.ok) throw new Error(`rent refused: ${answer.problem.code}`);
    expect(answer.rental).toMatchObject({ stationId: bar.id, powerBankId: 'pb_sim_rider_1', slot: 1 });
    const active = await rider.waitFor(answer.rental.id, ['active'], { timeoutMs: 10_000 });
    expect(active.status).toBe('active');

    // A second rental while this one is live is refused, and the refusal comes back as the problem.
    const second = await rider.rent({ stationId: bar.id });
    expect(second).toEqual({
      ok: false,
      problem: expect.objectContaining({ status: 409, code: 'RENTAL_ALREADY_ACTIVE' }),
    });

    await gym.sim.returnBank(2, 'pb_sim_rider_1', { batteryPct: 90 });
    const ended = await rider.waitFor(answer.rental.id, ['ended'], { timeoutMs: 10_000, pollMs: 50 });
    expect(ended).toMatchObject({ status: 'ended', currency: 'GBP', failureCode: null });
    expect(ended.amount).toBeGreaterThan(0);
    expect(ended.receiptId).toMatch(/^rcp_/);
  }, 30_000);

  it('cannot sign in with a code it was never sent', async () => {
    const rider = new SimulatedRider({ baseUrl: world.baseUrl });
    await expect(rider.signUp(async () => 'Your code is 000000')).rejects.toBeInstanceOf(RiderHttpError);
    await expect(rider.addTestCard()).rejects.toMatchObject({ status: 401 });
  });
});
