import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './connect.js';

/**
 * Migrations are contributed by modules as `{ name: Migration }` records. Names start with a date
 * (`20261123_fleet_001_init`) so the union of all modules runs in one global, stable order.
 */
export type MigrationSet = Record<string, Migration>;

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: MigrationSet) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

export interface MigrateOutcome {
  applied: string[];
}

/** Brings the schema up to date; safe to run concurrently from several processes (Kysely takes a lock). */
export async function migrateToLatest(database: Database, ...sets: MigrationSet[]): Promise<MigrateOutcome> {
  const migrations: MigrationSet = Object.assign({}, ...sets);
  const migrator = new Migrator({ db: database.db, provider: new StaticProvider(migrations) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(
      `Migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
