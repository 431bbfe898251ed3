import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/kernel/clock.js';
import { testDialects } from '../helpers/db.js';
import { startRentalWorld, type RentalWorld, type WorldRider } from '../helpers/rental.world.js';
import { waitFor } from '../helpers/sim.helpers.js';

const VISA = '4242424242424242';

/**
 * The platform is stopped after it sent the eject and before the station's answer, then started
 * again on the same database. Whatever the station did, the rental ends up in exactly one state and
 * the rider pays at most once.
 */
describe.each(testDialects())('a restart between eject and result on %s', (dialect) => {
  let world: RentalWorld;
  const clock = new TestClock('2026-11-23T09:00:00.000Z');

  beforeAll(async () => {
    world = await startRentalWorld(dialect, { clock, env: { COMMAND_RESULT_TIMEOUT_SECONDS: '30' } });
  }, 60_000);
  afterAll(() => world?.close());

  async function rentAndRestart(bankId: string) {
    const manual = await world.addManualStation({ country: 'GB', banks: [{ slot: 1, powerBankId: bankId }] });
    const rider = await world.signUp();
    await world.http('POST', '/v1/me/cards', { body: { testCard: VISA }, headers: rider.auth });
    const started = await world.http('POST', '/v1/rentals', {
      body: { stationId: manual.id },
      headers: rider.auth,
    });
    expect(started.json.status).toBe('ejecting');
    const command = await waitFor(() => manual.station.commands[0], 5_000, 'the eject to reach the station');
    await manual.station.end();
    await world.restart();
    return { manual, rider, rentalId: started.json.id as string, commandId: command.commandId as string };
  }

  const rentalOf = async (rider: WorldRider, id: string) =>
    (await world.http('GET', `/v1/rentals/${id}`, { headers: rider.auth })).json;
  const paymentsOf = async (rider: WorldRider) =>
    (await world.http('GET', '/v1/me/payments', { headers: rider.auth })).json.items;

  it('the power bank left: after the restart the rental is active, and it is charged once when returned', async () => {
    const { manual, rider, rentalId, commandId } = await rentAndRestart(`pb_${dialect}_left`);
    const station = await manual.reconnect();
    await station.result(commandId, 'ok', { slot: 1, powerBankId: `pb_${dialect}_left` });
    await station.event({ type: 'bank_removed', slot: 1, powerBankId: `pb_${dialect}_left`, commandId });
    await waitFor(async () => (await rentalOf(rider, rentalId)).status === 'active', 5_000, 'active');

    clock.advance(12 * 60_000); // within the access token's 15 minutes
    await station.heartbeat();
    await station.event({
      type: 'bank_inserted',
      slot: 1,
      powerBankId: `pb_${dialect}_left`,
      batteryPct: 50,
      healthPct: 95,
      tempC: 25,
    });
    const ended = await waitFor(
      async () => {
        const r = await rentalOf(rider, rentalId);
        return r.status === 'ended' ? r : undefined;
      },
      5_000,
      'ended',
    );
    const payments = await paymentsOf(rider);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 'captured', captured: { amount: ended.amount } });
  }, 60_000);

  it('the power bank never left: the eject times out and the rental is cancelled with the hold released', async () => {
    const { manual, rider, rentalId } = await rentAndRestart(`pb_${dialect}_stayed`);
    await manual.reconnect(); // back online, but the station never answers the eject
    clock.advance(31_000);
    const cancelled = await waitFor(
      async () => {
        const r = await rentalOf(rider, rentalId);
        return r.status === 'cancelled' ? r : undefined;
      },
      10_000,
      'the rental to be cancelled',
    );
    expect(cancelled).toMatchObject({ failureCode: 'RENTAL_EJECT_TIMED_OUT', amount: null, startedAt: null });
    // The hold is released right after the rental is called off.
    const payments = await waitFor(
      async () => {
        const items = await paymentsOf(rider);
        return items[0]?.status === 'released' ? items : undefined;
      },
      5_000,
      'the hold to be released',
    );
    expect(payments).toMatchObject([{ status: 'released', captured: { amount: 0 } }]);
  }, 60_000);
});
