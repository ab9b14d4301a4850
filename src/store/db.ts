import { chmodSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import SQLite from 'better-sqlite3'
import CipherSQLite from 'better-sqlite3-multiple-ciphers'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import type { Migration, MigrationProvider } from 'kysely'
import * as initial from './migrations/0001-initial.js'
import * as accounts from './migrations/0002-accounts.js'
import * as securityEvents from './migrations/0003-security-events.js'
import * as privacyAudit from './migrations/0005-privacy-audit.js'
import * as privacySubjects from './migrations/0006-privacy-subjects.js'
import * as jobs from './migrations/0007-jobs.js'
import { openPostgres } from './postgres.js'
import type { Database } from './schema.js'

export type Db = Kysely<Database>

/**
 * The database the settings name: PostgreSQL when DATABASE_URL is set,
 * otherwise the embedded SQLite file in the data folder.
 */
export async function openDatabase(options: {
  databaseUrl: string | null
  databaseSchema: string
  dataDir: string
  databaseKey?: string | null
  databaseKeyFile?: string | null
}): Promise<Db> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.databaseSchema)
  }

  return openSqlite(
    join(options.dataDir, 'telekost.sqlite'),
    databaseKey(options),
  )
}

/** TELEKOST_DATABASE_KEY, or the first line of the file _FILE names. */
function databaseKey(options: {
  databaseKey?: string | null
  databaseKeyFile?: string | null
}): string | null {
  if (options.databaseKey) return options.databaseKey
  if (!options.databaseKeyFile) return null

  const key = readFileSync(options.databaseKeyFile, 'utf8').split(/\r?\n/)[0]

  return key ? key : null
}

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-accounts': accounts,
  '0003-security-events': securityEvents,
  '0005-privacy-audit': privacyAudit,
  '0006-privacy-subjects': privacySubjects,
  '0007-jobs': jobs,
}

/**
 * Opens the embedded SQLite database, creating its folder when new. With a
 * key the file is encrypted (SQLCipher's format); a wrong key fails here.
 */
export function openSqlite(file: string, key: string | null = null): Db {
  const onDisk = file !== ':memory:'
  if (onDisk) {
    // The folder and file hold personal data: for this user's eyes only.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
    chmodSync(dirname(file), 0o700)
  }

  const sqlite = key ? openEncrypted(file, key) : new SQLite(file)
  // Before WAL mode, so the -wal and -shm files inherit the same mode.
  if (onDisk) chmodSync(file, 0o600)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')

  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
  })
}

function openEncrypted(file: string, key: string): SQLite.Database {
  const sqlite = new CipherSQLite(file)
  sqlite.pragma(`cipher='sqlcipher'`)
  sqlite.pragma(`key='${key.replaceAll("'", "''")}'`)
  // Reading the schema proves the key; a wrong one says "not a database".
  sqlite.prepare('select count(*) from sqlite_master').get()

  return sqlite as unknown as SQLite.Database
}

/** Brings the schema up to date; fails loudly rather than half-migrating. */
export async function migrateToLatest(db: Db, schema?: string): Promise<void> {
  // On PostgreSQL the bookkeeping tables live in Telekost's own schema.
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const name = failed?.migrationName ?? 'before any migration'
    const reason = error instanceof Error ? `: ${error.message}` : ''
    throw new Error(`migration ${name} failed${reason}`, { cause: error })
  }
}

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS
  }
}
