import { expect } from 'vitest';
import type { ManualStation, RentalWorld, RiderInput, WorldRider } from './rental.world.js';
import { TEST_ADMIN_TOKEN } from './http-app.js';
import { waitFor } from './sim.helpers.js';

/** The sandbox card that always pays. */
export const VISA = '4242424242424242';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** A signed-up rider with a saved card, ready to rent. */
export async function riderWithCard(world: RentalWorld, input: RiderInput = {}): Promise<WorldRider> {
  const rider = await world.signUp(input);
  const card = await world.http('POST', '/v1/me/cards', { body: { testCard: VISA }, headers: rider.auth });
  if (card.status !== 201) throw new Error(`card: ${card.status} ${card.text}`);
  return rider;
}

/**
 * Rotates the rider's tokens, as an app does after the TestClock jumped past the access token's
 * 15 minutes; the rider's `auth` headers are updated in place.
 */
export async function refreshRider(world: RentalWorld, rider: WorldRider): Promise<void> {
  const refreshed = await world.http('POST', '/v1/auth/refresh', {
    body: { refreshToken: rider.refreshToken },
  });
  if (refreshed.status !== 200) throw new Error(`refresh: ${refreshed.status} ${refreshed.text}`);
  rider.accessToken = refreshed.json.accessToken as string;
  rider.refreshToken = refreshed.json.refreshToken as string;
  rider.auth = { authorization: `Bearer ${rider.accessToken}` };
}

/** The rental as its rider sees it (GET /v1/rentals/{id}). */
export async function rentalOf(world: RentalWorld, rider: WorldRider, rentalId: string) {
  const res = await world.http('GET', `/v1/rentals/${rentalId}`, { headers: rider.auth });
  if (res.status !== 200) throw new Error(`rental ${rentalId}: ${res.status} ${res.text}`);
  return res.json;
}

/** Waits until the rider sees the rental in `status`, and returns it. */
export function rentalIn(world: RentalWorld, rider: WorldRider, rentalId: string, status: string) {
  return waitFor(
    async () => {
      const r = await rentalOf(world, rider, rentalId);
      return r.status === status ? r : undefined;
    },
    5_000,
    `rental ${rentalId} to be ${status}`,
  );
}

/** The rider's payments (GET /v1/me/payments), newest first. */
export async function paymentsOf(world: RentalWorld, rider: WorldRider) {
  return (await world.http('GET', '/v1/me/payments', { headers: rider.auth })).json.items;
}

/** The rider's receipts (GET /v1/me/receipts). */
export async function receiptsOf(world: RentalWorld, rider: WorldRider) {
  return (await world.http('GET', '/v1/me/receipts', { headers: rider.auth })).json.items;
}

/** Waits until the rider's only payment is in `status` (holds are released right after the rental moves). */
export function onlyPaymentIn(world: RentalWorld, rider: WorldRider, status: string) {
  return waitFor(
    async () => {
      const items = await paymentsOf(world, rider);
      return items.length === 1 && items[0].status === status ? items[0] : undefined;
    },
    5_000,
    `the rider's payment to be ${status}`,
  );
}

/** A tracked command as the ops API shows it. */
export interface OpsCommand {
  id: string;
  type: string;
  status: string;
  resultCode: string | null;
  params: { slot?: number; powerBankId?: string };
}

/** The eject commands an operator sees for a station (GET /v1/ops/commands), oldest first. */
export async function ejectsSentTo(world: RentalWorld, stationId: string): Promise<OpsCommand[]> {
  const res = await world.http('GET', `/v1/ops/commands?station_id=${stationId}&limit=500`, {
    headers: admin,
  });
  expect(res.status).toBe(200);
  return (res.json.items as OpsCommand[]).filter((c) => c.type === 'eject').reverse();
}

/** Starts a rental at a station over HTTP; 201 expected. */
export async function rent(world: RentalWorld, rider: WorldRider, stationId: string) {
  const started = await world.http('POST', '/v1/rentals', { body: { stationId }, headers: rider.auth });
  if (started.status !== 201) throw new Error(`rent: ${started.status} ${started.text}`);
  return started.json;
}

/** An eject command as a manual station received it. */
export interface EjectCommand {
  type: string;
  commandId: string;
  slot: number;
  powerBankId: string;
}

/** Waits for the station's n-th command (1-based) and returns it. */
export async function nthCommand(manual: ManualStation, n: number): Promise<EjectCommand> {
  const command = await waitFor(() => manual.station.commands[n - 1], 5_000, `command #${n} at the station`);
  return command as unknown as EjectCommand;
}

/** The station ejected the power bank and the rider took it: result ok, then bank_removed. */
export async function ejectAndTake(manual: ManualStation, command: EjectCommand): Promise<void> {
  const { commandId, slot, powerBankId } = command;
  await manual.station.result(commandId, 'ok', { slot, powerBankId });
  await manual.station.event({ type: 'bank_removed', slot, powerBankId, commandId });
}

/** A power bank pushed into a slot of a manual station (charged enough to be rented again by default). */
export async function insertBank(
  manual: ManualStation,
  slot: number,
  powerBankId: string,
  batteryPct = 80,
): Promise<void> {
  await manual.station.event({
    type: 'bank_inserted',
    slot,
    powerBankId,
    batteryPct,
    healthPct: 95,
    tempC: 22,
  });
}
