import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/kernel/ids.js';
import { testDialects } from '../helpers/db.js';
import {
  startRentalWorld,
  type HttpResult,
  type RentalWorld,
  type WorldRider,
  type WorldStation,
} from '../helpers/rental.world.js';
import { addCard, expectProblem, withoutId } from '../helpers/rider.fixtures.js';
import { waitFor } from '../helpers/sim.helpers.js';

interface OpenApiDoc {
  paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
}

/** Every operation of the OpenAPI document that needs a rider token, as `METHOD /path/{param}`. */
function riderOperations(doc: OpenApiDoc): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (op.security?.some((s) => 'riderToken' in s)) out.push({ method: method.toUpperCase(), path });
    }
  }
  return out;
}

/** A body a route accepts in shape, so that only the missing token can be the reason for refusing it. */
const PLAUSIBLE_BODIES: Record<string, unknown> = {
  'POST /v1/rentals': { stationCode: 'ANY-CODE' },
  'POST /v1/me/cards': { testCard: '4242424242424242' },
  'PATCH /v1/me': { locale: 'fr-FR' },
};

/**
 * Two riders on one platform over real HTTP and MQTT: rider A has a card, a finished rental with a
 * receipt and a captured payment; rider B, with B's own token, must never read, change or be charged
 * for any of it — another rider's things are "not found", exactly like things that do not exist.
 */
describe.each(testDialects())(
  'riders cannot reach each other’s rentals, receipts or cards on %s',
  (dialect) => {
    let world: RentalWorld;
    let pub: WorldStation;
    let hotel: WorldStation;
    let a: WorldRider;
    let b: WorldRider;
    const aOwns = { cardId: '', rentalId: '', receiptId: '', paymentId: '' };

    beforeAll(async () => {
      world = await startRentalWorld(dialect);
      pub = await world.addStation({
        country: 'GB',
        banks: [
          { slot: 1, powerBankId: `pb_${dialect}_iso1` },
          { slot: 2, powerBankId: `pb_${dialect}_iso2` },
          { slot: 3, powerBankId: `pb_${dialect}_iso3` },
        ],
      });
      hotel = await world.addStation({ country: 'GB', slotCount: 4 });
      a = await world.signUp();
      b = await world.signUp();
      aOwns.cardId = (await addCard(world, a, undefined, { 'idempotency-key': 'my-first-card' })).id;

      const started = await world.http('POST', '/v1/rentals', {
        body: { stationId: pub.id },
        headers: { ...a.auth, 'idempotency-key': 'tap-1' },
      });
      expect(started.status, started.text).toBe(201);
      aOwns.rentalId = started.json.id as string;
      const active = await world.http('GET', `/v1/rentals/${aOwns.rentalId}?waitSeconds=10`, {
        headers: a.auth,
      });
      expect(active.json.status).toBe('active');
      await hotel.sim.returnBank(1, active.json.powerBankId as string, { batteryPct: 40 });
      const ended = await waitFor(
        async () => {
          const r = await world.http('GET', `/v1/rentals/${aOwns.rentalId}`, { headers: a.auth });
          return r.json.status === 'ended' ? r.json : undefined;
        },
        10_000,
        'A’s rental to end',
      );
      aOwns.receiptId = ended.receiptId as string;
      const payments = await world.http('GET', '/v1/me/payments', { headers: a.auth });
      expect(payments.json.items).toMatchObject([{ status: 'captured', cardId: aOwns.cardId }]);
      aOwns.paymentId = payments.json.items[0].id as string;
    }, 60_000);
    afterAll(() => world?.close());

    /** A's ids by the path parameter that names them in the rider API. */
    const aIdsByParam = (): Record<string, string> => ({
      rentalId: aOwns.rentalId,
      receiptId: aOwns.receiptId,
      cardId: aOwns.cardId,
    });

    const as = (rider: WorldRider, method: string, path: string, body?: unknown): Promise<HttpResult> =>
      world.http(method, path, { headers: rider.auth, ...(body !== undefined ? { body } : {}) });

    /** B asking for A's thing gets the very answer B gets for a thing that never existed. */
    async function expectSameAsUnknown(method: string, template: string, aId: string, unknownId: string) {
      const theirs = await as(b, method, template.replace('{id}', aId));
      const unknown = await as(b, method, template.replace('{id}', unknownId));
      expect(theirs.status, `${method} ${template} with A’s id`).toBe(404);
      expect(theirs.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
      expect(withoutId(theirs.json, aId)).toEqual(withoutId(unknown.json, unknownId));
      return theirs;
    }

    it('A’s rental is “not found” for B — never 403 — and never shows in B’s lists', async () => {
      const seen = await expectSameAsUnknown('GET', '/v1/rentals/{id}', aOwns.rentalId, newId('rental'));
      expectProblem(seen, 404, 'RENTAL_NOT_FOUND');
      await expectSameAsUnknown('GET', '/v1/rentals/{id}?waitSeconds=1', aOwns.rentalId, newId('rental'));
      expect((await as(b, 'GET', '/v1/rentals')).json).toEqual({ items: [] });
      expect((await as(b, 'GET', `/v1/rentals?before=${aOwns.rentalId}`)).json).toEqual({ items: [] });
      expect((await as(b, 'GET', '/v1/rentals/current')).json).toEqual({ rental: null });
      // A still sees it.
      expect((await as(a, 'GET', `/v1/rentals/${aOwns.rentalId}`)).json.status).toBe('ended');
    });

    it('A’s receipt and payment are “not found” for B and never listed', async () => {
      const seen = await expectSameAsUnknown(
        'GET',
        '/v1/me/receipts/{id}',
        aOwns.receiptId,
        newId('receipt'),
      );
      expectProblem(seen, 404, 'PAYMENT_RECEIPT_NOT_FOUND');
      expect((await as(b, 'GET', '/v1/me/receipts')).json).toEqual({ items: [] });
      expect((await as(b, 'GET', '/v1/me/payments')).json).toEqual({ items: [] });
      expect((await as(a, 'GET', `/v1/me/receipts/${aOwns.receiptId}`)).status).toBe(200);
    });

    it('B can neither remove nor re-default A’s card, and A still rents with it', async () => {
      const removed = await expectSameAsUnknown('DELETE', '/v1/me/cards/{id}', aOwns.cardId, newId('card'));
      expectProblem(removed, 404, 'PAYMENT_CARD_NOT_FOUND');
      const defaulted = await expectSameAsUnknown(
        'POST',
        '/v1/me/cards/{id}/default',
        aOwns.cardId,
        newId('card'),
      );
      expectProblem(defaulted, 404, 'PAYMENT_CARD_NOT_FOUND');
      expect((await as(b, 'GET', '/v1/me/cards')).json).toEqual({ items: [] });
      expect((await as(a, 'GET', '/v1/me/cards')).json.items).toMatchObject([
        { id: aOwns.cardId, isDefault: true },
      ]);

      // A's card still carries a rental: a new hold goes on it, and B sees none of it.
      const again = await as(a, 'POST', '/v1/rentals', { stationCode: pub.code });
      expect(again.status, again.text).toBe(201);
      const live = await as(a, 'GET', `/v1/rentals/${again.json.id as string}?waitSeconds=10`);
      expect(live.json.status).toBe('active');
      const holds = (await as(a, 'GET', '/v1/me/payments')).json.items as Array<{
        status: string;
        cardId: string;
      }>;
      expect(holds.find((p) => p.status === 'authorized')).toMatchObject({ cardId: aOwns.cardId });
      expect((await as(b, 'GET', '/v1/rentals/current')).json).toEqual({ rental: null });
      await expectSameAsUnknown('GET', '/v1/rentals/{id}', again.json.id as string, newId('rental'));
    }, 30_000);

    it('B without a card cannot rent on A’s: 402 PAYMENT_NO_CARD, and A is not charged', async () => {
      const before = (await as(a, 'GET', '/v1/me/payments')).json.items;
      // Even with the very Idempotency-Key and body A used, B gets B's own answer, not A's rental.
      const tried = await world.http('POST', '/v1/rentals', {
        body: { stationId: pub.id },
        headers: { ...b.auth, 'idempotency-key': 'tap-1' },
      });
      expectProblem(tried, 402, 'PAYMENT_NO_CARD');
      expect(tried.headers.get('idempotent-replayed')).toBeNull();
      expect((await as(a, 'GET', '/v1/me/payments')).json.items).toEqual(before);
      expect((await as(b, 'GET', '/v1/me/payments')).json).toEqual({ items: [] });
    });

    it('B saving a card with A’s Idempotency-Key gets a card of B’s own, and B’s rental holds only B’s card', async () => {
      const bCard = await addCard(world, b, undefined, { 'idempotency-key': 'my-first-card' });
      expect(bCard.id).not.toBe(aOwns.cardId);
      expect((await as(a, 'GET', '/v1/me/cards')).json.items.map((c: { id: string }) => c.id)).toEqual([
        aOwns.cardId,
      ]);
      const before = (await as(a, 'GET', '/v1/me/payments')).json.items;
      const rented = await world.http('POST', '/v1/rentals', {
        body: { stationId: pub.id },
        headers: { ...b.auth, 'idempotency-key': 'tap-2' },
      });
      expect(rented.status, rented.text).toBe(201);
      expect(rented.json.id).not.toBe(aOwns.rentalId);
      expect((await as(b, 'GET', '/v1/me/payments')).json.items).toMatchObject([
        { status: 'authorized', cardId: bCard.id },
      ]);
      expect((await as(a, 'GET', '/v1/me/payments')).json.items).toEqual(before);
    }, 30_000);

    it('B’s profile and data export hold nothing of A', async () => {
      const me = await as(b, 'GET', '/v1/me');
      expect(me.json.id).toBe(b.riderId);
      const exported = await as(b, 'GET', '/v1/me/export');
      expect(exported.status).toBe(200);
      expect(exported.text).toContain(b.riderId);
      for (const id of [a.riderId, ...Object.values(aOwns)]) expect(exported.text).not.toContain(id);
    });

    it('every rider read in the OpenAPI document shows B nothing of A', async () => {
      const doc = (await world.http('GET', '/openapi.json')).json as OpenApiDoc;
      const reads = riderOperations(doc).filter((op) => op.method === 'GET' && !op.path.includes('{'));
      expect(reads.length).toBeGreaterThanOrEqual(7);
      for (const { path } of reads) {
        const res = await as(b, 'GET', path);
        expect(res.status, path).toBe(200);
        for (const id of [a.riderId, ...Object.values(aOwns)])
          expect(res.text, `${path} shows ${id}`).not.toContain(id);
      }
    });

    it('every rider route with an id in its path answers B “not found” for A’s id', async () => {
      const doc = (await world.http('GET', '/openapi.json')).json as OpenApiDoc;
      const aIdFor = aIdsByParam();
      const withIds = riderOperations(doc).filter((op) => op.path.includes('{'));
      expect(withIds.length).toBeGreaterThanOrEqual(4);
      for (const { method, path } of withIds) {
        const param = /\{(\w+)\}/.exec(path)![1]!;
        // A new rider route naming a new kind of thing must be added here, with a thing of A's to try.
        expect(aIdFor, `${method} ${path}: which of A's ids goes in {${param}}?`).toHaveProperty(param);
        const res = await as(b, method, path.replace(`{${param}}`, aIdFor[param]!));
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      expect((await as(a, 'GET', '/v1/me/cards')).json.items).toMatchObject([{ id: aOwns.cardId }]);
    });

    it('every rider route in the OpenAPI document answers 401 without a token, or with a forged one', async () => {
      const doc = (await world.http('GET', '/openapi.json')).json as OpenApiDoc;
      const operations = riderOperations(doc);
      const names = operations.map((op) => `${op.method} ${op.path}`);
      // The document really lists the rider API (so an empty list cannot pass this test).
      expect(names).toEqual(
        expect.arrayContaining([
          'POST /v1/rentals',
          'GET /v1/rentals/{rentalId}',
          'GET /v1/me',
          'DELETE /v1/me',
          'DELETE /v1/me/cards/{cardId}',
          'GET /v1/me/receipts/{receiptId}',
        ]),
      );
      const aIdFor = aIdsByParam();
      const forged = { authorization: `Bearer ${b.accessToken.slice(0, -4)}AAAA` };
      for (const { method, path } of operations) {
        // A's own ids: well-formed, so that only the token can be the reason for the refusal.
        const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => aIdFor[name] ?? name);
        const body = PLAUSIBLE_BODIES[`${method} ${path}`];
        const init = body !== undefined ? { body } : {};
        const anonymous = await world.http(method, url, init);
        expectProblem(anonymous, 401, 'AUTH_RIDER_REQUIRED');
        expect(anonymous.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer/);
        const withForged = await world.http(method, url, { ...init, headers: forged });
        expectProblem(withForged, 401, 'AUTH_TOKEN_INVALID');
      }
      // Nothing those requests did reached A: A's account, card and rentals are intact.
      expect((await as(a, 'GET', '/v1/me')).status).toBe(200);
      expect((await as(a, 'GET', '/v1/me/cards')).json.items).toMatchObject([{ id: aOwns.cardId }]);
    });

    it('a rider deleting their own account leaves A’s account, card and rentals untouched', async () => {
      const c = await world.signUp();
      await addCard(world, c);
      expect((await as(c, 'DELETE', '/v1/me')).status).toBe(204);
      expect((await as(c, 'GET', '/v1/me')).status).toBe(401);
      expect((await as(a, 'GET', '/v1/me')).json.id).toBe(a.riderId);
      expect((await as(a, 'GET', '/v1/me/cards')).json.items).toMatchObject([{ id: aOwns.cardId }]);
      const history = (await as(a, 'GET', '/v1/rentals')).json.items.map((r: { id: string }) => r.id);
      expect(history).toContain(aOwns.rentalId);
    });
  },
);
