import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.js'

const INT8 = 20
const NUMERIC = 1700

// Amounts are bigint columns of øre; read them as numbers, but never let
// one past 2^53 be rounded silently.
pg.types.setTypeParser(INT8, safeInteger)
pg.types.setTypeParser(NUMERIC, safeInteger)

/**
 * Opens PostgreSQL through a pool. A schema other than `public` (tests,
 * or several deployments in one database) is created when missing and
 * put first on every connection's search path.
 */
export async function openPostgres(
  url: string,
  schema = 'public',
): Promise<Kysely<Database>> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`not a usable schema name: ${schema}`)
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    options: `-c search_path=${schema}`,
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  if (schema !== 'public') {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db)
  }

  return db
}

/** Drops a schema and everything in it; for tests' throwaway schemas. */
export async function dropSchema(db: Kysely<Database>, schema: string) {
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db)
}

function safeInteger(text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`integer ${text} is too large to handle exactly`)
  }

  return n
}
