import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { toIso } from '../../kernel/clock.js';
import { affectedRows, isUniqueViolation, type Database, type TogetherQuery } from '../../kernel/db/index.js';
import type { Logger } from '../../kernel/logger.js';
import { allocate, assertMoney, money, type Money } from '../../kernel/money/index.js';
import type { PriceBreakdown } from '../pricing/index.js';
import type { Payment, Receipt, SettleInput, Settled } from './payments.contract.js';
import { invalidPaymentInput, paymentNotFound, paymentStateConflict } from './payments.errors.js';
import { paymentsId } from './payments.ids.js';
import { keyHash, processorKey } from './payments.keys.js';
import type { DeclineCode, PaymentProvider } from './payments.provider.js';
import {
  toPayment,
  type ChargePart,
  type PaymentRow,
  type PaymentsRepository,
} from './payments.repository.js';
import type { PaymentsTables } from './payments.tables.js';
import { takenLines, type Ledger } from './ledger.js';
import type { ReceiptsRepository, StoredReceipt } from './receipts.repository.js';

export interface SettleDeps {
  database: Database;
  payments: PaymentsRepository;
  ledger: Ledger;
  receipts: ReceiptsRepository;
  provider: PaymentProvider;
  clock: Clock;
  logger: Logger;
}

interface Taken {
  kind: 'capture' | 'charge';
  part: ChargePart;
}

/** Thrown inside settle's transaction when another call recorded the outcome first. */
class AlreadyRecorded extends Error {}

/** The gross when it is valid for a hold in its own currency, else undefined (validBreakdown says why). */
function plausibleGross(breakdown: PriceBreakdown): Money | undefined {
  try {
    const gross = assertMoney(breakdown?.gross);
    return gross.amount >= 0 ? gross : undefined;
  } catch {
    return undefined;
  }
}

function validBreakdown(row: PaymentRow, breakdown: PriceBreakdown): number {
  const gross = assertMoney(breakdown?.gross);
  if (gross.currency !== row.currency) {
    throw invalidPaymentInput('breakdown.gross', `must be in ${row.currency}, the currency of the hold`);
  }
  if (gross.amount < 0) throw invalidPaymentInput('breakdown.gross', 'must not be negative');
  return gross.amount;
}

/** The tax in each taken part: shares of the price's tax in proportion to the money, exactly. */
function taxOfParts(breakdown: PriceBreakdown, parts: Taken[]): number[] {
  const taken = parts.reduce((s, p) => s + p.part.amount, 0);
  if (taken === 0) return [];
  const gross = breakdown.gross.amount;
  const totalTax =
    taken === gross
      ? breakdown.tax.amount
      : allocate(money(breakdown.tax.amount, breakdown.currency), [taken, gross - taken])[0]!.amount;
  if (parts.length === 1) return [totalTax];
  return allocate(
    money(totalTax, breakdown.currency),
    parts.map((p) => p.part.amount),
  ).map((m) => m.amount);
}

/** A receipt as settle returns it: without the tariff facts. */
function asReturned(stored: StoredReceipt): Receipt {
  const { pricing: _pricing, ...receipt } = stored;
  return receipt;
}

/**
 * Settling a hold: gross 0 releases it; up to the hold is captured; any excess — or everything, when
 * the hold expired — is charged off-session. The payment is claimed by `settle:<key>` first, so a
 * second settle with another key is refused while the first owns the hold, and a retry with the same
 * key repeats the same processor calls (same derived keys, same answers) and records them once.
 */
export class SettleService {
  constructor(private readonly deps: SettleDeps) {}

  async settle(input: SettleInput): Promise<Settled> {
    const hash = keyHash('settle', input.idempotencyKey);
    const claim = `settle:${hash}`;
    // The common case in one statement: claim the unclaimed hold and get its row. The claim only
    // happens for a valid price in the hold's currency, so an invalid input never claims; any other
    // case reads the payment and decides (and fails) exactly as below.
    const plausible = plausibleGross(input.breakdown);
    let row =
      plausible && (await this.deps.payments.claimAuthorized(input.paymentId, claim, plausible.currency));
    if (!row) row = await this.claimed(input, claim);
    const gross = validBreakdown(row, input.breakdown);
    if (row.claim_key !== null && row.claim_key !== claim) {
      throw paymentStateConflict(
        row.id,
        row.status === 'authorized' ? 'being settled' : row.status,
        'settled',
      );
    }
    if (row.status !== 'authorized') {
      if (row.claim_key === claim) return this.outcome(row.id);
      throw paymentStateConflict(row.id, row.status, 'settled');
    }
    if (gross === 0) return this.releaseForFree(row, hash);

    const key = (step: string) => processorKey(row.id, 'settle', hash, step);
    const parts: Taken[] = [];
    let failure: DeclineCode | undefined;
    const hold = Number(row.authorized_amount);
    const holdLive =
      row.hold_expires_at === null || Date.parse(row.hold_expires_at) > this.deps.clock.nowMs();
    if (holdLive && row.authorization_id) {
      const amount = Math.min(gross, hold);
      const capture = await this.deps.provider.capture({
        authorizationId: row.authorization_id,
        amount: money(amount, row.currency),
        idempotencyKey: key('capture'),
      });
      if (capture.status === 'succeeded') parts.push({ kind: 'capture', part: { id: capture.id, amount } });
      else
        this.deps.logger.info(
          { paymentId: row.id, declineCode: capture.declineCode },
          'capture failed; charging off-session',
        );
    }
    const rest = gross - parts.reduce((s, p) => s + p.part.amount, 0);
    if (rest > 0) {
      const charge = await this.deps.provider.charge({
        customerId: row.customer_id!,
        paymentMethodId: row.payment_method_id!,
        amount: money(rest, row.currency),
        reference: row.reference,
        idempotencyKey: key(parts.length > 0 ? 'excess' : 'charge'),
      });
      if (charge.status === 'succeeded')
        parts.push({ kind: 'charge', part: { id: charge.id, amount: rest } });
      else failure = charge.declineCode ?? 'card_declined';
    }
    return this.record(row, input, claim, parts, failure);
  }

  private async record(
    row: PaymentRow,
    input: SettleInput,
    claim: string,
    parts: Taken[],
    failure: DeclineCode | undefined,
  ): Promise<Settled> {
    const taxes = taxOfParts(input.breakdown, parts);
    const taken = parts.reduce((s, p) => s + p.part.amount, 0);
    const nowMs = this.deps.clock.nowMs();
    let recorded: Settled;
    try {
      recorded = await this.deps.database.transaction(async (trx) => {
        const db = trx as Kysely<PaymentsTables>;
        const advance = this.deps.payments.advanceQuery(
          row,
          {
            status: failure ? 'failed' : 'captured',
            captured_amount: taken,
            captured_tax: taxes.reduce((s, t) => s + t, 0),
            amount_due: input.breakdown.gross.amount - taken,
            charges: JSON.stringify(parts.map((p) => p.part)),
            failure_code: failure ?? null,
            claim_key: claim,
          },
          db,
        );
        const writes: TogetherQuery[] = [advance.query];
        for (const [i, p] of parts.entries()) {
          const entries = this.deps.ledger.entriesInsert(db, {
            kind: p.kind,
            paymentId: row.id,
            currency: row.currency,
            lines: takenLines(p.part.amount, taxes[i]!),
          });
          if (entries) writes.push(entries);
        }
        let receipt: StoredReceipt | null = null;
        if (!failure) {
          receipt = {
            id: paymentsId('receipt', nowMs),
            riderId: row.rider_id,
            paymentId: row.id,
            reference: row.reference,
            currency: row.currency,
            breakdown: input.breakdown,
            context: input.context ?? {},
            issuedAt: toIso(nowMs),
            pricing: input.pricing ?? null,
          };
          writes.push(this.deps.receipts.insertQuery(db, receipt));
        }
        const own = writes.length;
        if (input.alongside) {
          const recorded = {
            status: failure ? ('failed' as const) : ('captured' as const),
            receiptId: receipt?.id ?? null,
            failureCode: failure ?? null,
          };
          writes.push(...input.alongside(recorded, db));
        }
        // The move, its ledger lines, the receipt and the caller's writes in one round trip; when the
        // move found the payment already moved on, the transaction rolls back and what the other call
        // recorded is the answer.
        const results = await this.deps.database.executeTogether(db, writes);
        if (affectedRows(results[0]!) !== 1) throw new AlreadyRecorded();
        // The receipt as its stored JSON reads back, so this answer equals a replayed one.
        const issued = receipt && asReturned(JSON.parse(JSON.stringify(receipt)) as StoredReceipt);
        return {
          payment: toPayment(advance.moved),
          receipt: issued,
          ...(input.alongside ? { alongside: results.slice(own) } : {}),
        };
      });
    } catch (err) {
      // A concurrent retry with this key recorded first (its receipt, unique per payment, may be what
      // stopped ours): its outcome is the one stored.
      if (!(err instanceof AlreadyRecorded) && !isUniqueViolation(err)) throw err;
      recorded = await this.outcome(row.id);
      // A unique violation from anything else in the transaction (the caller's writes) is no sign of
      // another call: with the payment still where this call found it, the failure is this call's own.
      if (!(err instanceof AlreadyRecorded) && recorded.payment.status === row.status) throw err;
    }
    if (failure) {
      this.deps.logger.warn(
        { paymentId: row.id, declineCode: failure, amountDue: input.breakdown.gross.amount - taken },
        'off-session charge declined; amount owed recorded on the payment',
      );
    }
    return recorded;
  }

  private async releaseForFree(row: PaymentRow, hash: string): Promise<{ payment: Payment; receipt: null }> {
    if (row.authorization_id) {
      await this.deps.provider.cancel({
        authorizationId: row.authorization_id,
        idempotencyKey: processorKey(row.id, 'settle', hash, 'cancel'),
      });
    }
    const released = await this.deps.payments.advance(row, { status: 'released' });
    return { payment: toPayment(released ?? (await this.deps.payments.get(row.id))!), receipt: null };
  }

  /**
   * The payment, claimed by `claim` when it is an unclaimed hold: the path where the one-statement
   * claim did not apply (no RETURNING, an invalid price, or a payment already claimed or moved on).
   */
  private async claimed(input: SettleInput, claim: string): Promise<PaymentRow> {
    const row = await this.deps.payments.get(input.paymentId);
    if (!row) throw paymentNotFound(input.paymentId);
    validBreakdown(row, input.breakdown);
    if (row.claim_key === null && row.status === 'authorized') {
      if (await this.deps.payments.claim(row.id, ['authorized'], claim)) return row;
      return (await this.deps.payments.get(row.id))!;
    }
    return row;
  }

  private async outcome(paymentId: string): Promise<{ payment: Payment; receipt: Receipt | null }> {
    const payment = toPayment((await this.deps.payments.get(paymentId))!);
    const stored = await this.deps.receipts.byPayment(paymentId);
    return { payment, receipt: stored ? asReturned(stored) : null };
  }
}
