import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/kernel/clock.js';
import type { Database } from '../../src/kernel/db/index.js';
import { money } from '../../src/kernel/money/index.js';
import {
  SANDBOX_HOLD_TTL_MS,
  SANDBOX_TEST_CARDS,
  createSandboxProvider,
  type SandboxProvider,
} from '../../src/modules/payments/index.js';
import { testDialects } from '../helpers/db.js';
import { paymentsDatabase } from './payments.harness.js';

/**
 * The sandbox acts first and looks a key up only when acting fails. These pin what its callers rely
 * on: a key's object is stored (a restarted sandbox returns it), a repeated key returns the first
 * object whatever the new request says, and a failed repeat leaves nothing behind.
 */
describe.each(testDialects())('sandbox idempotency on %s', (dialect) => {
  const clock = new TestClock('2026-03-02T09:00:00.000Z');
  let database: Database & { drop(): Promise<void> };
  let sandbox: SandboxProvider;
  let n = 0;
  const key = (label: string) => `${label}-${++n}`;

  beforeAll(async () => {
    database = await paymentsDatabase(dialect);
    sandbox = createSandboxProvider({ database, clock });
  });
  afterAll(() => database.drop());

  async function authorized(amount = 2000) {
    const { customerId } = await sandbox.createCustomer({ riderId: 'rdr_idem' }, key('cus'));
    const card = await sandbox.attachCard(
      customerId,
      { kind: 'test_card', number: SANDBOX_TEST_CARDS.succeeds },
      key('card'),
    );
    const base = { customerId, paymentMethodId: card.paymentMethodId, reference: 'rental:idem' };
    const auth = await sandbox.authorize({
      ...base,
      amount: money(amount, 'GBP'),
      idempotencyKey: key('auth'),
    });
    return { base, card, auth };
  }

  const status = async (id: string) =>
    (await database.db
      .selectFrom('payments_sandbox_objects')
      .select(['status', 'consumed'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()) as { status: string; consumed: number | string };

  it('returns a key’s objects after a restart (a new sandbox over the same database)', async () => {
    const { base } = await authorized();
    const authInput = { ...base, amount: money(1500, 'GBP'), idempotencyKey: key('auth') };
    const auth = await sandbox.authorize(authInput);
    const capInput = { authorizationId: auth.id, amount: money(1200, 'GBP'), idempotencyKey: key('cap') };
    const capture = await sandbox.capture(capInput);
    const chargeInput = { ...base, amount: money(300, 'GBP'), idempotencyKey: key('charge') };
    const charge = await sandbox.charge(chargeInput);
    const refundInput = { chargeId: capture.id, amount: money(200, 'GBP'), idempotencyKey: key('refund') };
    const refund = await sandbox.refund(refundInput);

    const restarted = createSandboxProvider({ database, clock });
    expect(await restarted.authorize(authInput)).toEqual(auth);
    expect(await restarted.capture(capInput)).toEqual(capture);
    expect(await restarted.charge(chargeInput)).toEqual(charge);
    expect(await restarted.refund(refundInput)).toEqual(refund);
    await expect(
      restarted.cancel({ authorizationId: auth.id, idempotencyKey: key('cancel') }),
    ).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR' });
    expect(await status(auth.id)).toEqual({ status: 'captured', consumed: 1200 });
  });

  it('answers a repeated key with the first object whatever the new request says', async () => {
    const { base, auth } = await authorized();
    const capKey = key('cap');
    const capture = await sandbox.capture({
      authorizationId: auth.id,
      amount: money(500, 'GBP'),
      idempotencyKey: capKey,
    });
    expect(
      await sandbox.capture({ authorizationId: auth.id, amount: money(900, 'GBP'), idempotencyKey: capKey }),
    ).toEqual(capture);
    const chargeKey = key('charge');
    const charge = await sandbox.charge({ ...base, amount: money(400, 'GBP'), idempotencyKey: chargeKey });
    expect(await sandbox.charge({ ...base, amount: money(999, 'GBP'), idempotencyKey: chargeKey })).toEqual(
      charge,
    );
    const refundKey = key('refund');
    const refund = await sandbox.refund({
      chargeId: charge.id,
      amount: money(100, 'GBP'),
      idempotencyKey: refundKey,
    });
    expect(
      await sandbox.refund({ chargeId: charge.id, amount: money(50, 'GBP'), idempotencyKey: refundKey }),
    ).toEqual(refund);
    // The failed repeat moved nothing: 300 of the charge is still refundable, and no more.
    expect(await status(charge.id)).toMatchObject({ consumed: 100 });
    await expect(
      sandbox.refund({ chargeId: charge.id, amount: money(301, 'GBP'), idempotencyKey: key('refund') }),
    ).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR' });
  });

  it('gives a repeated key its hold back after the card was detached; a new key is refused', async () => {
    const { base, card } = await authorized();
    const input = { ...base, amount: money(700, 'GBP'), idempotencyKey: key('auth') };
    const auth = await sandbox.authorize(input);
    await sandbox.detachCard(card.paymentMethodId);
    expect(await sandbox.authorize(input)).toEqual(auth);
    await expect(sandbox.authorize({ ...input, idempotencyKey: key('auth') })).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_ERROR',
    });
  });

  it('refuses a capture beyond the hold, and a lapsed hold ends expired with nothing taken', async () => {
    const { auth } = await authorized(1000);
    await expect(
      sandbox.capture({ authorizationId: auth.id, amount: money(1001, 'GBP'), idempotencyKey: key('cap') }),
    ).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR' });
    await expect(
      sandbox.capture({ authorizationId: auth.id, amount: money(500, 'EUR'), idempotencyKey: key('cap') }),
    ).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR' });
    clock.advance(SANDBOX_HOLD_TTL_MS);
    const capKey = key('cap');
    const lapsed = await sandbox.capture({
      authorizationId: auth.id,
      amount: money(600, 'GBP'),
      idempotencyKey: capKey,
    });
    expect(lapsed).toMatchObject({ status: 'declined', declineCode: 'hold_expired' });
    expect(await status(auth.id)).toEqual({ status: 'expired', consumed: 0 });
    expect(
      await sandbox.capture({ authorizationId: auth.id, amount: money(600, 'GBP'), idempotencyKey: capKey }),
    ).toEqual(lapsed);
    expect(
      await sandbox.capture({
        authorizationId: auth.id,
        amount: money(600, 'GBP'),
        idempotencyKey: key('cap'),
      }),
    ).toMatchObject({ status: 'declined', declineCode: 'hold_expired' });
  });
});
