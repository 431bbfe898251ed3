import type { Clock } from '../../kernel/clock.js';
import type { Logger } from '../../kernel/logger.js';
import { assertMoney, type Money } from '../../kernel/money/index.js';
import type { CardsService } from './cards.service.js';
import type { Payer, Payment, RentalPayments, SettleInput, Settled } from './payments.contract.js';
import type { Read } from '../../kernel/db/index.js';
import {
  alreadyCaptured,
  declined,
  idempotencyKeyReused,
  invalidPaymentInput,
  noCard,
  paymentNotFound,
  paymentStateConflict,
} from './payments.errors.js';
import { keyHash, processorKey } from './payments.keys.js';
import type { PaymentProvider } from './payments.provider.js';
import { toPayment, type PaymentRow, type PaymentsRepository } from './payments.repository.js';
import type { SettleService } from './settle.service.js';

export interface PaymentsServiceDeps {
  payments: PaymentsRepository;
  cards: CardsService;
  settlement: SettleService;
  provider: PaymentProvider;
  clock: Clock;
  logger: Logger;
}

function requireKey(key: string): void {
  if (typeof key !== 'string' || key.trim() === '' || key.length > 255) {
    throw invalidPaymentInput('idempotencyKey', 'must be 1 to 255 characters');
  }
}

/**
 * What the rentals flow calls: holds, their release, settlement. Each step is recorded as a
 * conditional status change, and every processor call carries a key derived from the caller's key,
 * so retries — also after a crash between the processor's answer and our write — move money once.
 */
export class PaymentsService implements RentalPayments {
  constructor(private readonly deps: PaymentsServiceDeps) {}

  async defaultCardId(riderId: string): Promise<string | undefined> {
    return (await this.deps.cards.defaultCard(riderId))?.id;
  }

  async get(paymentId: string): Promise<Payment | undefined> {
    const row = await this.deps.payments.get(paymentId);
    return row && toPayment(row);
  }

  async findByReference(reference: string): Promise<Payment | undefined> {
    const row = await this.deps.payments.byReference(reference);
    return row && toPayment(row);
  }

  payerRead(riderId: string): Read<Payer | undefined> {
    return this.deps.cards.defaultCardWithCustomerRead(riderId);
  }

  async authorizeHold(input: {
    riderId: string;
    amount: Money;
    reference: string;
    idempotencyKey: string;
    payer?: Payer;
  }): Promise<Payment> {
    requireKey(input.idempotencyKey);
    const amount = assertMoney(input.amount);
    if (amount.amount <= 0) throw invalidPaymentInput('amount', 'must be positive');
    if (!input.reference || input.reference.length > 128) {
      throw invalidPaymentInput('reference', 'must be 1 to 128 characters');
    }
    // Scoped by rider, so one rider's key can never return another rider's payment.
    const authorizeKey = keyHash('authorize', input.riderId, input.idempotencyKey);
    // Optimistic: insert the pending payment, and read the key's payment only when the insert meets
    // it. Without a card or a processor customer a repeated key must still get its payment (and must
    // not create a customer), so then the key's payment is looked up first.
    // A payer the caller read with payerRead is this module's own answer: card row and customer.
    const payer =
      (input.payer as Awaited<ReturnType<CardsService['defaultCardWithCustomer']>>) ??
      (await this.deps.cards.defaultCardWithCustomer(input.riderId));
    let row = payer?.customerId ? undefined : await this.deps.payments.byAuthorizeKey(authorizeKey);
    if (!row) {
      if (!payer) throw noCard(input.riderId);
      const customerId = payer.customerId ?? (await this.deps.cards.customerFor(input.riderId));
      ({ row } = await this.deps.payments.insertPending({
        riderId: input.riderId,
        amount: amount.amount,
        currency: amount.currency,
        reference: input.reference,
        cardId: payer.card.id,
        provider: this.deps.provider.name,
        customerId,
        paymentMethodId: payer.card.payment_method_id,
        authorizeKey,
      }));
    }
    if (
      Number(row.authorized_amount) !== amount.amount ||
      row.currency !== amount.currency ||
      row.reference !== input.reference
    ) {
      throw idempotencyKeyReused();
    }
    row = await this.resolvePending(row);
    if ((row.status === 'requires_action' || row.status === 'failed') && row.claim_key === null) {
      throw declined(row.failure_code ?? 'card_declined', row.id);
    }
    return toPayment(row);
  }

  async releaseHold(paymentId: string, idempotencyKey: string): Promise<Payment> {
    requireKey(idempotencyKey);
    let row = await this.require(paymentId);
    if (row.status === 'pending') row = await this.resolvePending(row);
    switch (row.status) {
      case 'released':
      case 'failed':
        return toPayment(row);
      case 'captured':
      case 'partially_refunded':
      case 'refunded':
        throw alreadyCaptured(paymentId);
      case 'requires_action':
      case 'authorized':
        return this.release(row);
      default:
        throw paymentStateConflict(paymentId, row.status, 'released');
    }
  }

  async settle(input: SettleInput): Promise<Settled> {
    requireKey(input.idempotencyKey);
    return this.deps.settlement.settle(input);
  }

  /** Cancels the hold; one release per payment (all releases share one processor key). */
  private async release(row: PaymentRow): Promise<Payment> {
    const from = row.status;
    if (from === 'authorized') {
      const claimed =
        row.claim_key === 'release' || (await this.deps.payments.claim(row.id, ['authorized'], 'release'));
      if (!claimed) {
        const now = await this.require(row.id);
        if (now.claim_key !== 'release') {
          if (now.status === 'authorized') throw paymentStateConflict(row.id, 'being settled', 'released');
          return this.releaseHold(row.id, 'retry');
        }
      }
    }
    if (row.authorization_id) {
      await this.deps.provider.cancel({
        authorizationId: row.authorization_id,
        idempotencyKey: processorKey(row.id, 'release', 'hold', 'cancel'),
      });
    }
    const released = await this.deps.payments.advance(row, { status: 'released' });
    return toPayment(released ?? (await this.require(row.id)));
  }

  /**
   * A pending payment is one whose authorisation answer we have not recorded (a crash, or a
   * concurrent retry). Asking the processor again with the same key gets the first answer back.
   */
  private async resolvePending(row: PaymentRow): Promise<PaymentRow> {
    if (row.status !== 'pending') return row;
    const auth = await this.deps.provider.authorize({
      customerId: row.customer_id!,
      paymentMethodId: row.payment_method_id!,
      amount: { amount: Number(row.authorized_amount), currency: row.currency },
      reference: row.reference,
      idempotencyKey: processorKey(row.id, 'authorize', 'hold', 'authorize'),
    });
    let moved: PaymentRow | undefined;
    if (auth.status === 'authorized') {
      moved = await this.deps.payments.advance(row, {
        status: 'authorized',
        authorization_id: auth.id,
        hold_expires_at: auth.expiresAt ?? null,
      });
    } else {
      const code =
        auth.declineCode ?? (auth.status === 'requires_action' ? 'authentication_required' : 'card_declined');
      moved = await this.deps.payments.advance(row, {
        status: auth.status === 'requires_action' ? 'requires_action' : 'failed',
        authorization_id: auth.id,
        failure_code: code,
      });
      this.deps.logger.info({ paymentId: row.id, declineCode: code }, 'hold not authorised');
    }
    // Not moved: a concurrent retry recorded the answer first; its record is the one that counts.
    return moved ?? this.require(row.id);
  }

  private async require(paymentId: string): Promise<PaymentRow> {
    const row = await this.deps.payments.get(paymentId);
    if (!row) throw paymentNotFound(paymentId);
    return row;
  }
}
