export { connectDatabase, dialectOf, type Database } from './connect.js';
export {
  capabilitiesOf,
  insertIgnoringDuplicates,
  upsert,
  affectedRows,
  isTransientConflict,
  type Capabilities,
  type DialectName,
} from './capabilities.js';
export { executeTogether, type TogetherQuery } from './together.js';
export { readTogether, type Read } from './reads.js';
export { migrateToLatest, type MigrationSet, type MigrateOutcome } from './migrate.js';
export {
  isUniqueViolation,
  isForeignKeyViolation,
  typedValue,
  updateManyByKey,
  type KeyedColumn,
  type SqlType,
} from './capabilities.js';
