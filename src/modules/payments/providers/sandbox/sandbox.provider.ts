import { sql, type Kysely } from 'kysely';
import { toIso, type Clock } from '../../../../kernel/clock.js';
import { affectedRows, type Database } from '../../../../kernel/db/index.js';
import { money, type Money } from '../../../../kernel/money/index.js';
import { cardInputUnsupported, providerRejected, unknownTestCard } from '../../payments.errors.js';
import { paymentsId } from '../../payments.ids.js';
import type {
  CardInput,
  DeclineCode,
  PaymentProvider,
  ProviderAuthorization,
  ProviderCard,
  ProviderCharge,
  ProviderRefund,
} from '../../payments.provider.js';
import type { PaymentsTables } from '../../payments.tables.js';
import { declineFor, testCardBehaviour, type TestCardBehaviour } from './sandbox.cards.js';
import { SandboxStore, type SandboxObject } from './sandbox.store.js';

/** How long an uncaptured hold lasts, like a card network's authorisation window. */
export const SANDBOX_HOLD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

interface CardData {
  behaviour: TestCardBehaviour;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

interface MoveData {
  declineCode?: DeclineCode;
  expiresAt?: string;
}

const parse = <T>(row: SandboxObject) => JSON.parse(row.data) as T;

/**
 * The embedded default processor: a stateful simulation of a card processor whose state lives in
 * `payments_sandbox_objects`, so holds, charges and refunds survive a restart as they would at a real
 * processor. Every money-moving call is idempotent by its key. Time comes from the injected clock, so
 * tests expire holds by moving it.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;
  private readonly store: SandboxStore;
  private readonly db: Kysely<PaymentsTables>;

  constructor(
    database: Database,
    private readonly clock: Clock,
  ) {
    this.store = new SandboxStore(database);
    this.db = database.db as Kysely<PaymentsTables>;
  }

  async createCustomer(input: { riderId: string }, idempotencyKey: string): Promise<{ customerId: string }> {
    const row = await this.store.once(`customer:${idempotencyKey}`, (trx) =>
      this.store.insert(
        trx,
        this.row('sandboxCustomer', 'customer', 'active', `customer:${idempotencyKey}`, {
          customer_id: null,
          data: JSON.stringify({ riderId: input.riderId }),
        }),
      ),
    );
    return { customerId: row.id };
  }

  async attachCard(customerId: string, card: CardInput, idempotencyKey: string): Promise<ProviderCard> {
    if (card.kind !== 'test_card') throw cardInputUnsupported(this.name, card.kind);
    const behaviour = testCardBehaviour(card.number);
    if (!behaviour) throw unknownTestCard();
    await this.requireObject(customerId, 'customer');
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
    const row = await this.store.once(key, (trx) =>
      this.store.insert(
        trx,
        this.row('sandboxCard', 'card', 'attached', key, {
          customer_id: customerId,
          data: JSON.stringify(data),
        }),
      ),
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
    const existing = await this.store.byKey(key);
    if (existing) return this.toAuthorization(existing);
    const card = await this.usableCard(input.paymentMethodId, input.customerId);
    const decline = declineFor(card.behaviour);
    const status =
      decline === undefined
        ? 'authorized'
        : decline === 'authentication_required'
          ? 'requires_action'
          : 'declined';
    const nowMs = this.clock.nowMs();
    const data: MoveData = {
      ...(decline ? { declineCode: decline } : {}),
      ...(status === 'authorized'
        ? {
            expiresAt: toIso(card.behaviour === 'hold_expires_at_once' ? nowMs : nowMs + SANDBOX_HOLD_TTL_MS),
          }
        : {}),
    };
    const row = await this.store.once(key, (trx) =>
      this.store.insert(
        trx,
        this.row('sandboxAuthorization', 'authorization', status, key, {
          customer_id: input.customerId,
          parent_id: input.paymentMethodId,
          amount: input.amount.amount,
          currency: input.amount.currency,
          data: JSON.stringify(data),
        }),
      ),
    );
    return this.toAuthorization(row);
  }

  async capture(input: {
    authorizationId: string;
    amount: Money;
    idempotencyKey: string;
  }): Promise<ProviderCharge> {
    const key = `capture:${input.idempotencyKey}`;
    const existing = await this.store.byKey(key);
    if (existing) return this.toCharge(existing);
    const auth = await this.requireObject(input.authorizationId, 'authorization');
    if (
      auth.currency !== input.amount.currency ||
      input.amount.amount > auth.amount ||
      input.amount.amount <= 0
    ) {
      throw providerRejected('Capture amount must be positive and within the hold', {
        authorizationId: auth.id,
      });
    }
    // State checks run inside once(): a concurrent call with this key may have just changed the
    // authorisation, and then its answer is ours.
    const row = await this.store.once(key, async (trx) => {
      const expired = auth.status === 'expired' || this.holdExpired(auth);
      if (auth.status !== 'authorized' && !expired) {
        throw providerRejected(`Authorisation ${auth.id} is ${auth.status}`, { authorizationId: auth.id });
      }
      if (expired) {
        await this.setStatus(trx, auth.id, ['authorized'], 'expired');
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
      return this.store.insert(
        trx,
        this.row('sandboxCharge', 'charge', 'succeeded', key, {
          customer_id: auth.customer_id,
          parent_id: auth.id,
          amount: input.amount.amount,
          currency: auth.currency,
        }),
      );
    });
    return this.toCharge(row);
  }

  async cancel(input: { authorizationId: string; idempotencyKey: string }): Promise<void> {
    const key = `cancel:${input.idempotencyKey}`;
    if (await this.store.byKey(key)) return;
    const auth = await this.requireObject(input.authorizationId, 'authorization');
    await this.store.once(key, async (trx) => {
      if (auth.status === 'captured') {
        throw providerRejected(`Authorisation ${auth.id} was captured`, { authorizationId: auth.id });
      }
      await this.setStatus(trx, auth.id, ['authorized', 'requires_action'], 'canceled');
      return this.store.insert(
        trx,
        this.row('sandboxRecord', 'cancel', 'succeeded', key, { parent_id: auth.id }),
      );
    });
  }

  async charge(input: {
    customerId: string;
    paymentMethodId: string;
    amount: Money;
    reference: string;
    idempotencyKey: string;
  }): Promise<ProviderCharge> {
    const key = `charge:${input.idempotencyKey}`;
    const existing = await this.store.byKey(key);
    if (existing) return this.toCharge(existing);
    const card = await this.usableCard(input.paymentMethodId, input.customerId);
    const decline = declineFor(card.behaviour);
    const status =
      decline === undefined
        ? 'succeeded'
        : decline === 'authentication_required'
          ? 'requires_action'
          : 'declined';
    const row = await this.store.once(key, (trx) =>
      this.store.insert(
        trx,
        this.row('sandboxCharge', 'charge', status, key, {
          customer_id: input.customerId,
          parent_id: input.paymentMethodId,
          amount: input.amount.amount,
          currency: input.amount.currency,
          data: JSON.stringify(decline ? { declineCode: decline } : {}),
        }),
      ),
    );
    return this.toCharge(row);
  }

  async refund(input: { chargeId: string; amount: Money; idempotencyKey: string }): Promise<ProviderRefund> {
    const key = `refund:${input.idempotencyKey}`;
    const existing = await this.store.byKey(key);
    if (existing) return this.toRefund(existing);
    const charge = await this.requireObject(input.chargeId, 'charge');
    if (
      charge.status !== 'succeeded' ||
      charge.currency !== input.amount.currency ||
      input.amount.amount <= 0
    ) {
      throw providerRejected(`Charge ${charge.id} cannot be refunded that amount`, { chargeId: charge.id });
    }
    const row = await this.store.once(key, async (trx) => {
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
    });
    return this.toRefund(row);
  }

  private holdExpired(auth: SandboxObject): boolean {
    const { expiresAt } = parse<MoveData>(auth);
    return (
      auth.status === 'authorized' && expiresAt !== undefined && Date.parse(expiresAt) <= this.clock.nowMs()
    );
  }

  private async setStatus(
    trx: Kysely<PaymentsTables>,
    id: string,
    from: string[],
    to: string,
  ): Promise<void> {
    await trx
      .updateTable('payments_sandbox_objects')
      .set({ status: to, updated_at: this.nowIso() })
      .where('id', '=', id)
      .where('status', 'in', from)
      .execute();
  }

  private async usableCard(paymentMethodId: string, customerId: string): Promise<CardData> {
    const card = await this.requireObject(paymentMethodId, 'card');
    if (card.status !== 'attached' || card.customer_id !== customerId) {
      throw providerRejected(`Card ${paymentMethodId} is not attached to ${customerId}`, { paymentMethodId });
    }
    return parse<CardData>(card);
  }

  private async requireObject(id: string, kind: string): Promise<SandboxObject> {
    const row = await this.store.get(id);
    if (!row || row.kind !== kind) throw providerRejected(`No such sandbox ${kind}: ${id}`, { id });
    return row;
  }

  private toAuthorization(row: SandboxObject): ProviderAuthorization {
    const data = parse<MoveData>(row);
    const status =
      row.status === 'requires_action'
        ? 'requires_action'
        : row.status === 'declined'
          ? 'declined'
          : 'authorized';
    return {
      id: row.id,
      status,
      ...(data.declineCode ? { declineCode: data.declineCode } : {}),
      ...(data.expiresAt ? { expiresAt: data.expiresAt } : {}),
    };
  }

  private toCharge(row: SandboxObject): ProviderCharge {
    const data = parse<MoveData>(row);
    return {
      id: row.id,
      status: row.status as ProviderCharge['status'],
      ...(data.declineCode ? { declineCode: data.declineCode } : {}),
      amount: money(row.amount, row.currency!),
    };
  }

  private toRefund(row: SandboxObject): ProviderRefund {
    return { id: row.id, status: 'succeeded', amount: money(row.amount, row.currency!) };
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
