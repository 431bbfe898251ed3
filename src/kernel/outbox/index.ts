/**
 * kernel/outbox — the transactional outbox: events committed with the state change they announce,
 * delivered after commit, at least once, to idempotent handlers. See README.md.
 */
export { Outbox, type TopicMap } from './outbox.js';
export {
  OutboxRelay,
  type OutboxEvent,
  type OutboxHandler,
  type OutboxRelayOptions,
} from './outbox.relay.js';
export { outboxMigrations } from './migrations/index.js';
export type { OutboxTables } from './outbox.tables.js';
