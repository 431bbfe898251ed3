import type { InferResult, Kysely, Selectable } from 'kysely';
import { toIso, type Clock } from '../../kernel/clock.js';
import {
  insertIgnoringDuplicates,
  isUniqueViolation,
  type Database,
  type Read,
} from '../../kernel/db/index.js';
import { paymentsId } from './payments.ids.js';
import type { ProviderCard } from './payments.provider.js';
import type { CardTable, PaymentsTables } from './payments.tables.js';

export type CardRow = Selectable<CardTable>;

/** A saved card as riders and other modules see it: never the number, only what identifies it. */
export interface SavedCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: string;
}

export function toSavedCard(row: CardRow): SavedCard {
  return {
    id: row.id,
    brand: row.brand,
    last4: row.last4,
    expMonth: Number(row.exp_month),
    expYear: Number(row.exp_year),
    isDefault: Number(row.is_default) === 1,
    createdAt: row.created_at,
  };
}

/** Riders' processor customers and saved cards (`payments_customers`, `payments_cards`). */
export class CardsRepository {
  private readonly db: Kysely<PaymentsTables>;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {
    this.db = database.db as Kysely<PaymentsTables>;
  }

  async customerOf(riderId: string, provider: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('payments_customers')
      .select('customer_id')
      .where('rider_id', '=', riderId)
      .where('provider', '=', provider)
      .executeTakeFirst();
    return row?.customer_id;
  }

  async riderOfCustomer(customerId: string, provider: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('payments_customers')
      .select('rider_id')
      .where('customer_id', '=', customerId)
      .where('provider', '=', provider)
      .executeTakeFirst();
    return row?.rider_id;
  }

  /** Records the rider's customer; the first writer wins, and its customer id is returned. */
  async saveCustomer(riderId: string, provider: string, customerId: string): Promise<string> {
    await insertIgnoringDuplicates(
      this.database.dialect,
      this.db.insertInto('payments_customers').values({
        rider_id: riderId,
        provider,
        customer_id: customerId,
        created_at: toIso(this.clock.nowMs()),
      }),
    ).execute();
    return (await this.customerOf(riderId, provider)) ?? customerId;
  }

  /** The rider's cards that are not removed, oldest first. */
  async list(riderId: string): Promise<CardRow[]> {
    return this.db
      .selectFrom('payments_cards')
      .selectAll()
      .where('rider_id', '=', riderId)
      .where('removed_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** One of the rider's live cards; another rider's card or a removed one is undefined. */
  async find(riderId: string, cardId: string): Promise<CardRow | undefined> {
    return this.db
      .selectFrom('payments_cards')
      .selectAll()
      .where('id', '=', cardId)
      .where('rider_id', '=', riderId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
  }

  async defaultCard(riderId: string): Promise<CardRow | undefined> {
    return this.db
      .selectFrom('payments_cards')
      .selectAll()
      .where('rider_id', '=', riderId)
      .where('removed_at', 'is', null)
      .where('is_default', '=', 1)
      .executeTakeFirst();
  }

  /**
   * The rider's default card with the rider's customer at `provider` (null when none yet), in one
   * statement: what a hold needs.
   */
  async defaultCardWithCustomer(
    riderId: string,
    provider: string,
  ): Promise<{ card: CardRow; customerId: string | null } | undefined> {
    const read = this.defaultCardWithCustomerRead(riderId, provider);
    return read.answer((await this.db.executeQuery(read.query)).rows);
  }

  /** defaultCardWithCustomer as a Read, to send together with other modules' reads. */
  defaultCardWithCustomerRead(
    riderId: string,
    provider: string,
  ): Read<{ card: CardRow; customerId: string | null } | undefined> {
    const query = this.db
      .selectFrom('payments_cards as c')
      .leftJoin('payments_customers as cu', (join) =>
        join.onRef('cu.rider_id', '=', 'c.rider_id').on('cu.provider', '=', provider),
      )
      .selectAll('c')
      .select('cu.customer_id')
      .where('c.rider_id', '=', riderId)
      .where('c.removed_at', 'is', null)
      .where('c.is_default', '=', 1);
    return {
      query,
      answer: (rows) => {
        const row = rows[0] as InferResult<typeof query>[number] | undefined;
        if (!row) return undefined;
        const { customer_id: customerId, ...card } = row;
        return { card, customerId };
      },
    };
  }

  /**
   * Saves a card; it becomes the default when the rider has none. Saving the same processor card
   * again (a retried request) returns the card saved the first time.
   */
  async add(riderId: string, provider: string, card: ProviderCard): Promise<CardRow> {
    try {
      return await this.database.transaction(async (trx) => {
        const db = trx as Kysely<PaymentsTables>;
        const hasDefault = await db
          .selectFrom('payments_cards')
          .select('id')
          .where('rider_id', '=', riderId)
          .where('removed_at', 'is', null)
          .where('is_default', '=', 1)
          .executeTakeFirst();
        const row: CardRow = {
          id: paymentsId('card', this.clock.nowMs()),
          rider_id: riderId,
          provider,
          payment_method_id: card.paymentMethodId,
          brand: card.brand,
          last4: card.last4,
          exp_month: card.expMonth,
          exp_year: card.expYear,
          is_default: hasDefault ? 0 : 1,
          created_at: toIso(this.clock.nowMs()),
          removed_at: null,
        };
        await db.insertInto('payments_cards').values(row).execute();
        return row;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing = await this.db
        .selectFrom('payments_cards')
        .selectAll()
        .where('provider', '=', provider)
        .where('payment_method_id', '=', card.paymentMethodId)
        .executeTakeFirst();
      if (!existing || existing.rider_id !== riderId) throw err;
      return existing;
    }
  }

  /** Removes a card; when it was the default, the newest remaining card becomes the default. */
  async remove(riderId: string, cardId: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      const db = trx as Kysely<PaymentsTables>;
      const now = toIso(this.clock.nowMs());
      await db
        .updateTable('payments_cards')
        .set({ removed_at: now, is_default: 0 })
        .where('id', '=', cardId)
        .where('rider_id', '=', riderId)
        .execute();
      const remaining = await db
        .selectFrom('payments_cards')
        .select(['id', 'is_default'])
        .where('rider_id', '=', riderId)
        .where('removed_at', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const newest = remaining[0];
      if (newest && !remaining.some((c) => Number(c.is_default) === 1)) {
        await db.updateTable('payments_cards').set({ is_default: 1 }).where('id', '=', newest.id).execute();
      }
    });
  }

  /** Makes one of the rider's cards the default and every other one not. */
  async setDefault(riderId: string, cardId: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      const db = trx as Kysely<PaymentsTables>;
      await db
        .updateTable('payments_cards')
        .set({ is_default: 0 })
        .where('rider_id', '=', riderId)
        .where('id', '!=', cardId)
        .execute();
      await db
        .updateTable('payments_cards')
        .set({ is_default: 1 })
        .where('id', '=', cardId)
        .where('rider_id', '=', riderId)
        .where('removed_at', 'is', null)
        .execute();
    });
  }
}
