import { expect } from 'vitest';
import { SANDBOX_TEST_CARDS } from '../../src/modules/payments/providers/sandbox/sandbox.cards.js';
import type { HttpResult, RentalWorld, WorldRider } from './rental.world.js';

/** Sandbox card numbers by what they do when money is asked of them. */
export const CARDS = SANDBOX_TEST_CARDS;

/** Payment statuses that mean money is held or taken from the rider's card. */
export const MONEY_MOVED = ['authorized', 'requires_action', 'captured', 'partially_refunded', 'refunded'];

/** Saves a sandbox card for the rider through the API; fails the test when the card is refused. */
export async function addCard(
  world: RentalWorld,
  rider: WorldRider,
  number: string = CARDS.succeeds,
  headers: Record<string, string> = {},
): Promise<{ id: string; isDefault: boolean }> {
  const res = await world.http('POST', '/v1/me/cards', {
    body: { testCard: number },
    headers: { ...rider.auth, ...headers },
  });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; isDefault: boolean };
}

/** A signed-up rider with a saved card (by default one that always succeeds). */
export async function riderWithCard(
  world: RentalWorld,
  number: string = CARDS.succeeds,
  locale = 'en-GB',
): Promise<WorldRider & { cardId: string }> {
  const rider = await world.signUp({ locale });
  const card = await addCard(world, rider, number);
  return { ...rider, cardId: card.id };
}

/**
 * Asserts an RFC 9457 problem: status, stable code, problem+json content type, and — when given —
 * the exact detail text the rider reads.
 */
export function expectProblem(res: HttpResult, status: number, code: string, detail?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status, code, type: `urn:chargenet:problem:${code}` });
  expect(typeof res.json.detail).toBe('string');
  if (detail !== undefined) expect(res.json.detail).toBe(detail);
}

/** A problem body with one id replaced, to compare "someone else's" with "does not exist". */
export function withoutId(body: Record<string, unknown>, id: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(body).split(id).join('<id>')) as Record<string, unknown>;
}

/**
 * What a rider would see if a refused request had left something behind: a rental in their history
 * or in progress, a payment that holds or took money, a rental row in the database.
 */
export async function expectNoRentalNorMoney(world: RentalWorld, rider: WorldRider): Promise<void> {
  const history = await world.http('GET', '/v1/rentals', { headers: rider.auth });
  expect(history.status).toBe(200);
  expect(history.json.items).toEqual([]);
  const current = await world.http('GET', '/v1/rentals/current', { headers: rider.auth });
  expect(current.json).toEqual({ rental: null });
  expect(await world.platform.riders.rentals.repository.listForRider(rider.riderId, 100)).toEqual([]);
  const payments = await world.http('GET', '/v1/me/payments', { headers: rider.auth });
  expect(payments.status).toBe(200);
  const moving = (payments.json.items as Array<{ status: string }>).filter((p) =>
    MONEY_MOVED.includes(p.status),
  );
  expect(moving).toEqual([]);
}

/** The power bank sits in the station's slot and the fleet still offers it for rent. */
export async function expectStillRentable(
  world: RentalWorld,
  stationId: string,
  powerBankId: string,
): Promise<void> {
  const slots = await world.platform.fleet.availability.slotDetails(stationId);
  expect(slots.find((s) => s.powerBankId === powerBankId)).toMatchObject({ rentable: true });
}
