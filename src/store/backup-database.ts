import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import SQLite from 'better-sqlite3'
import CipherSQLite from 'better-sqlite3-multiple-ciphers'
import pg from 'pg'

/**
 * Taking and putting back the database part of a backup: an online backup
 * of the SQLite file, or `pg_dump` in custom format of Telekost's schema.
 */
export interface DatabaseTarget {
  databaseUrl: string | null
  databaseSchema: string
  sqliteFile: string
  databaseKey: string | null
}

/** Tables that hold what a restore would overwrite. */
const DATA_TABLES = [
  'invoices',
  'employees',
  'cost_centres',
  'stored_files',
  'audit_log',
]

/**
 * A consistent copy of the SQLite file, taken while the app keeps running:
 * SQLite's online backup API for a plain file. An encrypted file cannot
 * be backed up to an unkeyed target, so it is copied by VACUUM INTO, one
 * read transaction, and stays encrypted under its database key.
 */
export async function snapshotSqlite(
  file: string,
  key: string | null,
  out: string,
): Promise<void> {
  const db = key ? openKeyed(file, key) : new SQLite(file, { readonly: true })
  try {
    if (key) db.prepare('vacuum into ?').run(out)
    else await db.backup(out)
  } finally {
    db.close()
  }
}

function openKeyed(file: string, key: string): SQLite.Database {
  const db = new CipherSQLite(file, { readonly: true })
  db.pragma(`cipher='sqlcipher'`)
  db.pragma(`key='${key.replaceAll("'", "''")}'`)

  return db as unknown as SQLite.Database
}

/** `pg_dump -Fc` of one schema; the password goes by PGPASSWORD only. */
export async function dumpPostgres(
  url: string,
  schema: string,
  out: string,
): Promise<void> {
  const { dbname, env } = connection(url)
  await run(
    'pg_dump',
    [
      '--format=custom',
      `--schema=${schema}`,
      '--no-owner',
      '--no-privileges',
      `--file=${out}`,
      `--dbname=${dbname}`,
    ],
    env,
  )
}

/**
 * Restores a dump into its schema: what is there is dropped first (the
 * caller has checked it is empty or was told to overwrite), then the
 * dump's objects are loaded in one transaction.
 */
export async function restorePostgres(
  url: string,
  schema: string,
  dump: string,
): Promise<void> {
  const { dbname, env } = connection(url)
  await emptySchema(url, schema)
  const list = `${dump}.list`
  const toc = await run('pg_restore', ['--list', dump], env)
  // The schema itself exists already; every object inside comes back.
  const objects = toc
    .split('\n')
    .filter((line) => !/^\d+; \d+ \d+ SCHEMA /.test(line))
  await writeFile(list, objects.join('\n'), { mode: 0o600 })
  try {
    await run(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        `--use-list=${list}`,
        `--dbname=${dbname}`,
        dump,
      ],
      env,
    )
  } finally {
    await rm(list, { force: true })
  }
}

/** The schema named in a dump, from its table of contents. */
export async function dumpSchema(dump: string): Promise<string | null> {
  const toc = await run('pg_restore', ['--list', dump], {})
  const line = toc.split('\n').find((l) => /^\d+; \d+ \d+ TABLE /.test(l))

  return line?.split(' ')[4] ?? null
}

async function emptySchema(url: string, schema: string): Promise<void> {
  await withClient(url, async (client) => {
    const id = client.escapeIdentifier(schema)
    if (schema === 'public') {
      const tables = await client.query<{ name: string }>(
        `select tablename as name from pg_tables where schemaname = 'public'`,
      )
      for (const { name } of tables.rows) {
        await client.query(
          `drop table if exists public.${client.escapeIdentifier(name)} cascade`,
        )
      }
      return
    }
    await client.query(`drop schema if exists ${id} cascade`)
    await client.query(`create schema ${id}`)
  })
}

/** Rows in the tables a restore would overwrite; 0 for a fresh system. */
export async function countDataRows(target: DatabaseTarget): Promise<number> {
  if (target.databaseUrl) {
    return withClient(target.databaseUrl, (client) =>
      countPostgres(client, target.databaseSchema),
    )
  }
  if (!existsSync(target.sqliteFile)) return 0
  const db = target.databaseKey
    ? openKeyed(target.sqliteFile, target.databaseKey)
    : new SQLite(target.sqliteFile, { readonly: true })
  try {
    return DATA_TABLES.reduce((sum, table) => sum + countSqlite(db, table), 0)
  } finally {
    db.close()
  }
}

function countSqlite(db: SQLite.Database, table: string): number {
  const known = db
    .prepare(`select 1 from sqlite_master where type = 'table' and name = ?`)
    .get(table)
  if (!known) return 0
  const row = db.prepare(`select count(*) as n from "${table}"`).get() as {
    n: number
  }

  return row.n
}

async function countPostgres(client: pg.Client, schema: string) {
  let sum = 0
  for (const table of DATA_TABLES) {
    const name = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`
    const known = await client.query<{ t: string | null }>(
      'select to_regclass($1) as t',
      [name],
    )
    if (!known.rows[0]?.t) continue
    const row = await client.query<{ n: string }>(
      `select count(*) as n from ${name}`,
    )
    sum += Number(row.rows[0]?.n ?? 0)
  }

  return sum
}

async function withClient<T>(
  url: string,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

/** The URL without its password, and the password for the environment. */
function connection(url: string): {
  dbname: string
  env: Record<string, string>
} {
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''

  return {
    dbname: parsed.toString(),
    env: password ? { PGPASSWORD: password } : {},
  }
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'))
      const reason = Buffer.concat(err).toString('utf8').trim()
      reject(new Error(`${command} failed (${code}): ${reason}`))
    })
  })
}

export interface WrappedDataKey {
  id: string
  wrappedKey: string
  masterKeyId: string
}

/** The wrapped data keys, from a SQLite snapshot or the live schema. */
export async function readDataKeys(
  target: DatabaseTarget,
  snapshot: string,
): Promise<WrappedDataKey[]> {
  const query =
    'select id, wrapped_key as "wrappedKey", master_key_id as "masterKeyId" ' +
    'from data_keys order by created_at'
  if (target.databaseUrl) {
    return withClient(target.databaseUrl, async (client) => {
      await client.query(
        `set search_path to ${client.escapeIdentifier(target.databaseSchema)}`,
      )
      return (await client.query<WrappedDataKey>(query)).rows
    })
  }
  const db = target.databaseKey
    ? openKeyed(snapshot, target.databaseKey)
    : new SQLite(snapshot, { readonly: true })
  try {
    return db.prepare(query).all() as WrappedDataKey[]
  } finally {
    db.close()
  }
}
