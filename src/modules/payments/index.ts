/**
 * The payments module's only door: payment records and their state machine, the processor port and
 * its sandbox adapter, saved cards, refunds, receipts and the ledger. See README.md.
 */
export type * from './payments.contract.js';
export type * from './payments.provider.js';
export type * from './payments.tables.js';
export { paymentsMigrations } from './migrations/index.js';
export * from './payments.errors.js';
export { createPaymentsModule, type PaymentsModule, type PaymentsDeps } from './payments.module.js';
export {
  PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  canTransition,
  isFinal,
  statusAfterRefund,
  transition,
} from './payment.state.js';
export {
  SANDBOX_TEST_CARDS,
  testCardBehaviour,
  type TestCardBehaviour,
} from './providers/sandbox/sandbox.cards.js';
export {
  SANDBOX_HOLD_TTL_MS,
  SandboxProvider,
  createSandboxProvider,
} from './providers/sandbox/sandbox.provider.js';
export { LEDGER_ACCOUNTS, Ledger, type LedgerAccount } from './ledger.js';
export type { SavedCard } from './cards.repository.js';
export type { CardsService } from './cards.service.js';
export type { Refund, RefundsService } from './refunds.service.js';
export type { ReceiptsRepository, StoredReceipt } from './receipts.repository.js';
export { renderReceipt, type RenderedReceipt } from './receipts.render.js';
export { paymentsRiderRoutes, type PaymentsRiderRoutesOptions } from './payments.routes.js';
export { paymentsOpsRoutes, type PaymentsOpsRoutesOptions } from './ops.routes.js';
