import type { Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import type { Logger } from '../../kernel/logger.js';
import { CardsRepository } from './cards.repository.js';
import { CardsService } from './cards.service.js';
import { Ledger } from './ledger.js';
import type { Payment, RentalPayments, SettleInput, Settled } from './payments.contract.js';
import type { PaymentProvider, ProviderEvent } from './payments.provider.js';
import { PaymentsRepository, toPayment } from './payments.repository.js';
import { PaymentsService } from './payments.service.js';
import { createSandboxProvider } from './providers/sandbox/sandbox.provider.js';
import { ReceiptsRepository } from './receipts.repository.js';
import { RefundsService } from './refunds.service.js';
import { SettleService } from './settle.service.js';

export interface PaymentsDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** The processor; the embedded sandbox when absent. */
  provider?: PaymentProvider;
}

/** The payments module: what rentals call (RentalPayments) plus cards, refunds, receipts and the ledger. */
export interface PaymentsModule extends RentalPayments {
  readonly provider: PaymentProvider;
  cards: CardsService;
  refunds: RefundsService;
  receipts: ReceiptsRepository;
  ledger: Ledger;
  /** A rider's payments, newest first. */
  listForRider(riderId: string, limit?: number): Promise<Payment[]>;
  /** Applies a processor's asynchronous news (the Stripe webhook route calls this). */
  applyProviderEvent(event: ProviderEvent): Promise<void>;
}

/** Wires the payments module's repositories and services over one processor. */
export function createPaymentsModule(deps: PaymentsDeps): PaymentsModule {
  const provider = deps.provider ?? createSandboxProvider(deps);
  const payments = new PaymentsRepository(deps.database, deps.clock);
  const cardsRepo = new CardsRepository(deps.database, deps.clock);
  const cards = new CardsService(cardsRepo, provider);
  const ledger = new Ledger(deps.database, deps.clock);
  const receipts = new ReceiptsRepository(deps.database);
  const settlement = new SettleService({ ...deps, payments, ledger, receipts, provider });
  const service = new PaymentsService({ ...deps, payments, cards, settlement, provider });
  const refunds = new RefundsService(deps.database, payments, ledger, provider, deps.clock);
  const log = deps.logger;

  return {
    provider,
    cards,
    refunds,
    receipts,
    ledger,
    defaultCardId: (riderId) => service.defaultCardId(riderId),
    payerRead: (riderId) => service.payerRead(riderId),
    authorizeHold: (input) => service.authorizeHold(input),
    releaseHold: (paymentId, key) => service.releaseHold(paymentId, key),
    settle: (input: SettleInput): Promise<Settled> => service.settle(input),
    get: (paymentId) => service.get(paymentId),
    findByReference: (reference) => service.findByReference(reference),
    listForRider: async (riderId, limit) => (await payments.listForRider(riderId, limit)).map(toPayment),
    async applyProviderEvent(event) {
      switch (event.type) {
        case 'authorization.expired':
          await payments.expireHold(event.authorizationId);
          return;
        case 'refund.updated':
          await refunds.applyProviderStatus(event.refundId, event.status);
          return;
        case 'card.saved': {
          const riderId = await cardsRepo.riderOfCustomer(event.customerId, provider.name);
          if (riderId) await cardsRepo.add(riderId, provider.name, event.card);
          else log.warn({ customerId: event.customerId }, 'card saved for an unknown customer; ignored');
          return;
        }
        default:
          // Charges we make are synchronous answers already recorded by settle; the rest is noise.
          log.debug({ event: event.type }, 'processor event needs no action');
      }
    },
  };
}
