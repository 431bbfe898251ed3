import { sql } from 'kysely';
import { toIso, type Clock } from '../../../../kernel/clock.js';
import { affectedRows, type Database } from '../../../../kernel/db/index.js';
import type { Money } from '../../../../kernel/money/index.js';
import { cardInputUnsupported, providerRejected, unknownTestCard } from '../../payments.errors.js';
import { paymentsId } from '../../payments.ids.js';
import type {
  CardInput,
  PaymentProvider,
  ProviderAuthorization,
  ProviderCard,
  ProviderCharge,
  ProviderRefund,
} from '../../payments.provider.js';
import { declineFor, testCardBehaviour } from './sandbox.cards.js';
import {
  parse,
  toAuthorization,
  toCharge,
  toRefund,
  type CardData,
  type MoveData,
} from './sandbox.objects.js';
import { SandboxStore, type SandboxDb, type SandboxObject } from './sandbox.store.js';

/** How long an uncaptured hold lasts, like a card network's authorisation window. */
export const SANDBOX_HOLD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The embedded default processor: a stateful simulation of a card processor whose state lives in
 * `payments_sandbox_objects`, so holds, charges and refunds survive a restart as they would at a real
 * processor. Every money-moving call is idempotent by its key: it acts first and, only when that
 * fails, looks up what the key already made (`SandboxStore.once`), so a first call costs no lookup.
 * Time comes from the injected clock, so tests expire holds by moving it.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;
  private readonly store: SandboxStore;
  private readonly db: SandboxDb;

  constructor(
    database: Database,
    private readonly clock: Clock,
  ) {
    this.store = new SandboxStore(database);
    this.db = this.store.db;
  }

  async createCustomer(input: { riderId: string }, idempotencyKey: string): Promise<{ customerId: string }> {
    const key = `customer:${idempotencyKey}`;
    const row = await this.store.once(
      key,
      (db) =>
        this.store.insert(
          db,
          this.row('sandboxCustomer', 'customer', 'active', key, {
            customer_id: null,
            data: JSON.stringify({ riderId: input.riderId }),
          }),
        ),
      { atomic: false },
    );
    return { customerId: row.id };
  }

  async attachCard(customerId: string, card: CardInput, idempotencyKey: string): Promise<ProviderCard> {
    if (card.kind !== 'test_card') throw cardInputUnsupported(this.name, card.kind);
    const behaviour = testCardBehaviour(card.number);
    if (!behaviour) throw unknownTestCard();
    await this.requireObject(this.db, customerId, 'customer');
    const year = this.clock.now().getUTCFullYear();
    const data: CardData = {
      behaviour,
      brand: 'visa',
      last4: card.number.replace(/\s+/g, '').slice(-4),
      expMonth: 12,
      // The expired test card carries last year's date, as a real expired card would.
      expYear: behaviour === 'expired_card' ? year - 1 : year + 3,
    };
    const key = `card:${idempotencyKey}`;
    const row = await this.store.once(
      key,
      (db) =>
        this.store.insert(
          db,
          this.row('sandboxCard', 'card', 'attached', key, {
            customer_id: customerId,
            data: JSON.stringify(data),
          }),
        ),
      { atomic: false },
    );
    const stored = parse<CardData>(row);
    return {
      paymentMethodId: row.id,
      brand: stored.brand,
      last4: stored.last4,
      expMonth: stored.expMonth,
      expYear: stored.expYear,
    };
  }

  async detachCard(paymentMethodId: string): Promise<void> {
    await this.db
      .updateTable('payments_sandbox_objects')
      .set({ status: 'detached', updated_at: this.nowIso() })
      .where('id', '=', paymentMethodId)
      .where('kind', '=', 'card')
      .execute();
  }

  async authorize(input: {
    customerId: string;
    paymentMethodId: string;
    amount: Money;
    reference: string;
    idempotencyKey: string;
  }): Promise<ProviderAuthorization> {
    const key = `authorize:${input.idempotencyKey}`;
    // A repeated key gets the first hold back even if the card has been detached since.
    const row = await this.store.once(
      key,
      async (db) => {
        const card = await this.usableCard(db, input.paymentMethodId, input.customerId);
        const decline = declineFor(card.behaviour);
        const status = outcomeStatus(decline, 'authorized');
        const nowMs = this.clock.nowMs();
        const data: MoveData = {
          ...(decline ? { declineCode: decline } : {}),
          ...(status === 'authorized'
            ? {
                expiresAt: toIso(
                  card.behaviour === 'hold_expires_at_once' ? nowMs : nowMs + SANDBOX_HOLD_TTL_MS,
                ),
              }
            : {}),
        };
        return this.store.insert(
          db,
          this.row('sandboxAuthorization', 'authorization', status, key, {
            customer_id: input.customerId,
            parent_id: input.paymentMethodId,
            amount: input.amount.amount,
            currency: input.amount.currency,
            data: JSON.stringify(data),
          }),
        );
      },
      { atomic: false },
    );
    return toAuthorization(row);
  }

  async capture(input: {
    authorizationId: string;
    amount: Money;
    idempotencyKey: string;
  }): Promise<ProviderCharge> {
    const key = `capture:${input.idempotencyKey}`;
    // Every check runs inside once(): when one fails because this key's first call already captured
    // (or a concurrent one just did), that call's answer is ours.
    const row = await this.store.once(
      key,
      async (trx) => {
        // Usually one statement takes the hold; every other case reads the authorisation and checks it.
        const taken = await this.store.takeHold(trx, input.authorizationId, input.amount, this.nowIso());
        if (taken) {
          return this.pastExpiry(taken)
            ? this.lapse(trx, taken, 'captured', key, input)
            : this.store.insertLast(trx, this.captured(key, taken, input));
        }
        const auth = await this.requireObject(trx, input.authorizationId, 'authorization');
        if (
          auth.currency !== input.amount.currency ||
          input.amount.amount > auth.amount ||
          input.amount.amount <= 0
        ) {
          throw providerRejected('Capture amount must be positive and within the hold', {
            authorizationId: auth.id,
          });
        }
        const expired = auth.status === 'expired' || this.holdExpired(auth);
        if (auth.status !== 'authorized' && !expired) {
          throw providerRejected(`Authorisation ${auth.id} is ${auth.status}`, { authorizationId: auth.id });
        }
        if (expired) return this.lapse(trx, auth, 'authorized', key, input);
        const moved = await trx
          .updateTable('payments_sandbox_objects')
          .set({ status: 'captured', consumed: input.amount.amount, updated_at: this.nowIso() })
          .where('id', '=', auth.id)
          .where('status', '=', 'authorized')
          .executeTakeFirst();
        if (affectedRows(moved) !== 1) {
          throw providerRejected(`Authorisation ${auth.id} was captured or cancelled meanwhile`, {
            authorizationId: auth.id,
          });
        }
        return this.store.insertLast(trx, this.captured(key, auth, input));
      },
      { atomic: true },
    );
    return toCharge(row);
  }

  async cancel(input: { authorizationId: string; idempotencyKey: string }): Promise<void> {
    const key = `cancel:${input.idempotencyKey}`;
    await this.store.once(
      key,
      async (trx) => {
        const auth = await this.requireObject(trx, input.authorizationId, 'authorization');
        if (auth.status === 'captured') {
          throw providerRejected(`Authorisation ${auth.id} was captured`, { authorizationId: auth.id });
        }
        await this.setStatus(trx, auth.id, ['authorized', 'requires_action'], 'canceled');
        return this.store.insert(
          trx,
          this.row('sandboxRecord', 'cancel', 'succeeded', key, { parent_id: auth.id }),
        );
      },
      { atomic: true },
    );
  }

  async charge(input: {
    customerId: string;
    paymentMethodId: string;
    amount: Money;
    reference: string;
    idempotencyKey: string;
  }): Promise<ProviderCharge> {
    const key = `charge:${input.idempotencyKey}`;
    const row = await this.store.once(
      key,
      async (db) => {
        const card = await this.usableCard(db, input.paymentMethodId, input.customerId);
        const decline = declineFor(card.behaviour);
        const status = outcomeStatus(decline, 'succeeded');
        return this.store.insert(
          db,
          this.row('sandboxCharge', 'charge', status, key, {
            customer_id: input.customerId,
            parent_id: input.paymentMethodId,
            amount: input.amount.amount,
            currency: input.amount.currency,
            data: JSON.stringify(decline ? { declineCode: decline } : {}),
          }),
        );
      },
      { atomic: false },
    );
    return toCharge(row);
  }

  async refund(input: { chargeId: string; amount: Money; idempotencyKey: string }): Promise<ProviderRefund> {
    const key = `refund:${input.idempotencyKey}`;
    const row = await this.store.once(
      key,
      async (trx) => {
        const charge = await this.requireObject(trx, input.chargeId, 'charge');
        if (
          charge.status !== 'succeeded' ||
          charge.currency !== input.amount.currency ||
          input.amount.amount <= 0
        ) {
          throw providerRejected(`Charge ${charge.id} cannot be refunded that amount`, {
            chargeId: charge.id,
          });
        }
        const moved = await trx
          .updateTable('payments_sandbox_objects')
          .set({ consumed: sql`consumed + ${input.amount.amount}`, updated_at: this.nowIso() })
          .where('id', '=', charge.id)
          .where(sql<boolean>`consumed + ${input.amount.amount} <= amount`)
          .executeTakeFirst();
        if (affectedRows(moved) !== 1) {
          throw providerRejected(`Refunds of charge ${charge.id} would exceed it`, { chargeId: charge.id });
        }
        return this.store.insert(
          trx,
          this.row('sandboxRefund', 'refund', 'succeeded', key, {
            customer_id: charge.customer_id,
            parent_id: charge.id,
            amount: input.amount.amount,
            currency: charge.currency,
          }),
        );
      },
      { atomic: true },
    );
    return toRefund(row);
  }

  private holdExpired(auth: SandboxObject): boolean {
    return auth.status === 'authorized' && this.pastExpiry(auth);
  }

  private pastExpiry(auth: SandboxObject): boolean {
    const { expiresAt } = parse<MoveData>(auth);
    return expiresAt !== undefined && Date.parse(expiresAt) <= this.clock.nowMs();
  }

  /**
   * A capture that met a lapsed hold: the authorisation ends `expired` with nothing taken (undoing
   * `takeHold` when it came `from` there) and the capture is a declined charge (`hold_expired`).
   */
  private async lapse(
    trx: SandboxDb,
    auth: SandboxObject,
    from: 'authorized' | 'captured',
    key: string,
    input: { amount: Money },
  ): Promise<SandboxObject> {
    await trx
      .updateTable('payments_sandbox_objects')
      .set({ status: 'expired', consumed: 0, updated_at: this.nowIso() })
      .where('id', '=', auth.id)
      .where('status', '=', from)
      .execute();
    return this.store.insert(
      trx,
      this.row('sandboxCharge', 'charge', 'declined', key, {
        customer_id: auth.customer_id,
        parent_id: auth.id,
        amount: input.amount.amount,
        currency: auth.currency,
        data: JSON.stringify({ declineCode: 'hold_expired' } satisfies MoveData),
      }),
    );
  }

  /** The charge a capture of `auth` makes. */
  private captured(key: string, auth: SandboxObject, input: { amount: Money }): SandboxObject {
    return this.row('sandboxCharge', 'charge', 'succeeded', key, {
      customer_id: auth.customer_id,
      parent_id: auth.id,
      amount: input.amount.amount,
      currency: auth.currency,
    });
  }

  private async setStatus(trx: SandboxDb, id: string, from: string[], to: string): Promise<void> {
    await trx
      .updateTable('payments_sandbox_objects')
      .set({ status: to, updated_at: this.nowIso() })
      .where('id', '=', id)
      .where('status', 'in', from)
      .execute();
  }

  private async usableCard(db: SandboxDb, paymentMethodId: string, customerId: string): Promise<CardData> {
    const card = await this.requireObject(db, paymentMethodId, 'card');
    if (card.status !== 'attached' || card.customer_id !== customerId) {
      throw providerRejected(`Card ${paymentMethodId} is not attached to ${customerId}`, { paymentMethodId });
    }
    return parse<CardData>(card);
  }

  /** Reads with the caller's handle: inside a transaction, `trx` (SQLite has one connection). */
  private async requireObject(db: SandboxDb, id: string, kind: string): Promise<SandboxObject> {
    const row = await this.store.get(id, db);
    if (!row || row.kind !== kind) throw providerRejected(`No such sandbox ${kind}: ${id}`, { id });
    return row;
  }

  private nowIso(): string {
    return toIso(this.clock.nowMs());
  }

  private row(
    idKind: Parameters<typeof paymentsId>[0],
    kind: string,
    status: string,
    key: string | null,
    extra: Partial<SandboxObject>,
  ): SandboxObject {
    const now = this.nowIso();
    return {
      id: paymentsId(idKind, this.clock.nowMs()),
      kind,
      status,
      customer_id: null,
      parent_id: null,
      amount: 0,
      currency: null,
      consumed: 0,
      idempotency_key: key,
      data: '{}',
      created_at: now,
      updated_at: now,
      ...extra,
    };
  }
}

/** The sandbox processor over the platform database. */
export function createSandboxProvider(deps: { database: Database; clock: Clock }): SandboxProvider {
  return new SandboxProvider(deps.database, deps.clock);
}

/** What a card's test behaviour makes of a hold or a charge: done, waiting for 3-D Secure, or declined. */
function outcomeStatus<Done extends string>(
  decline: ReturnType<typeof declineFor>,
  done: Done,
): Done | 'requires_action' | 'declined' {
  if (decline === undefined) return done;
  return decline === 'authentication_required' ? 'requires_action' : 'declined';
}
