import type { Read } from '../../kernel/db/index.js';
import { randomUUID } from 'node:crypto';
import type { CardInput, PaymentProvider } from './payments.provider.js';
import { cardNotFound, setupUnsupported } from './payments.errors.js';
import { toSavedCard, type CardRow, type CardsRepository, type SavedCard } from './cards.repository.js';

/** Riders' saved cards: the processor keeps the card, we keep what identifies it and which is default. */
export class CardsService {
  constructor(
    private readonly repo: CardsRepository,
    private readonly provider: PaymentProvider,
  ) {}

  /** The rider's processor customer, created on first need; the key makes concurrent first uses agree. */
  async customerFor(riderId: string): Promise<string> {
    const known = await this.repo.customerOf(riderId, this.provider.name);
    if (known) return known;
    const { customerId } = await this.provider.createCustomer({ riderId }, `rider:${riderId}`);
    return this.repo.saveCustomer(riderId, this.provider.name, customerId);
  }

  async list(riderId: string): Promise<SavedCard[]> {
    return (await this.repo.list(riderId)).map(toSavedCard);
  }

  /** Saves a card (a sandbox test card, or a processor payment method the app has confirmed). */
  async add(riderId: string, card: CardInput, idempotencyKey?: string): Promise<SavedCard> {
    const customerId = await this.customerFor(riderId);
    const key = `${riderId}:${idempotencyKey ?? randomUUID()}`;
    const saved = await this.provider.attachCard(customerId, card, key);
    return toSavedCard(await this.repo.add(riderId, this.provider.name, saved));
  }

  /** Starts saving a card on the rider's device (Stripe SetupIntent); 409 where the processor has no such step. */
  async setup(riderId: string, idempotencyKey?: string): Promise<{ setupId: string; clientSecret: string }> {
    if (!this.provider.setupCard) throw setupUnsupported(this.provider.name);
    const customerId = await this.customerFor(riderId);
    return this.provider.setupCard(customerId, `${riderId}:setup:${idempotencyKey ?? randomUUID()}`);
  }

  /** Removes one of the rider's cards; another rider's card is "not found", so ids do not leak. */
  async remove(riderId: string, cardId: string): Promise<void> {
    const card = await this.require(riderId, cardId);
    await this.repo.remove(riderId, card.id);
    await this.provider.detachCard(card.payment_method_id);
  }

  async setDefault(riderId: string, cardId: string): Promise<SavedCard> {
    await this.require(riderId, cardId);
    await this.repo.setDefault(riderId, cardId);
    return toSavedCard((await this.repo.find(riderId, cardId))!);
  }

  async defaultCard(riderId: string): Promise<CardRow | undefined> {
    return this.repo.defaultCard(riderId);
  }

  /** The rider's default card and processor customer (null when not created yet), read together. */
  async defaultCardWithCustomer(
    riderId: string,
  ): Promise<{ card: CardRow; customerId: string | null } | undefined> {
    return this.repo.defaultCardWithCustomer(riderId, this.provider.name);
  }

  /** defaultCardWithCustomer as a Read, to send together with other modules' reads. */
  defaultCardWithCustomerRead(
    riderId: string,
  ): Read<{ card: CardRow; customerId: string | null } | undefined> {
    return this.repo.defaultCardWithCustomerRead(riderId, this.provider.name);
  }

  private async require(riderId: string, cardId: string): Promise<CardRow> {
    const card = await this.repo.find(riderId, cardId);
    if (!card) throw cardNotFound(cardId);
    return card;
  }
}
