import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import type { Migration, MigrationProvider } from 'kysely'
import * as initial from './migrations/0001-initial.js'
import * as accounts from './migrations/0002-accounts.js'
import type { Database } from './schema.js'

export type Db = Kysely<Database>

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-accounts': accounts,
}

/** Opens the embedded SQLite database, creating its folder when new. */
export function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })

  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')

  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
  })
}

/** Brings the schema up to date; fails loudly rather than half-migrating. */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticProvider() })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const name = failed?.migrationName ?? 'unknown'
    throw new Error(`migration ${name} failed`, { cause: error })
  }
}

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS
  }
}
