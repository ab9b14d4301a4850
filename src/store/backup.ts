import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { Config } from '../config.js'
import { ArchiveWriter, unpackArchive } from './backup-archive.js'
import {
  countDataRows,
  dumpPostgres,
  readDataKeys,
  restorePostgres,
  snapshotSqlite,
} from './backup-database.js'
import type { DatabaseTarget, WrappedDataKey } from './backup-database.js'
import { deriveKey, keyId, parseKey } from './crypto.js'
import { loadMasterKey } from './vault.js'

export { BackupKeyError, DamagedBackupError } from './backup-archive.js'

/** What a backup holds, written first inside it. */
export interface BackupManifest {
  format: 1
  createdAt: string
  database: 'sqlite' | 'postgres'
  /** The PostgreSQL schema dumped; null for SQLite. */
  schema: string | null
  /** True when the SQLite snapshot is encrypted under its database key. */
  encryptedDatabase: boolean
  files: number
  dataKeys: { id: string; masterKeyId: string }[]
}

/** The system a restore was pointed at holds data already. */
export class NotEmptyError extends Error {}
/** The backup cannot go into this system as configured. */
export class BackupMismatchError extends Error {}

const SQLITE_ENTRY = 'database.sqlite'
const POSTGRES_ENTRY = 'database.pgdump'

/**
 * Writes one sealed archive: a consistent database copy first, then the
 * vault's (already encrypted) files and the wrapped data keys. Files
 * added after the database copy are extra, never missing.
 */
export async function createBackup(
  config: Config,
  out: string,
): Promise<BackupManifest> {
  const target = databaseTarget(config)
  const work = await mkdtemp(join(tmpdir(), 'telekost-backup-'))
  const partial = `${out}.partial`
  const writer = await ArchiveWriter.create(partial, backupKey(config))
  try {
    const database = await snapshotDatabase(target, work)
    const keys = await readDataKeys(target, database.path)
    const files = await vaultFiles(vaultDir(config))
    const manifest = describe(target, files.length, keys)
    await writer.addBytes('manifest.json', json(manifest))
    await writer.addBytes('data-keys.json', json(keys))
    await writer.addFile(database.name, database.path)
    for (const file of files) {
      await writer.addFile(`files/${file.name}`, file.path)
    }
    await writer.finish()
    await rename(partial, out)

    return manifest
  } catch (err) {
    await writer.abort().catch(() => undefined)
    await rm(partial, { force: true })
    throw err
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/**
 * Puts a backup back into an empty system. The whole archive is opened
 * and checked before anything is changed, so a damaged backup or a wrong
 * key leaves the system as it was. With `force`, existing data is
 * replaced.
 */
export async function restoreBackup(
  config: Config,
  input: string,
  options: { force?: boolean } = {},
): Promise<BackupManifest> {
  const target = databaseTarget(config)
  await mkdir(config.dataDir, { recursive: true })
  const staging = await mkdtemp(join(config.dataDir, '.restore-'))
  try {
    await unpackArchive(input, backupKey(config), staging)
    const manifest = JSON.parse(
      await readFile(join(staging, 'manifest.json'), 'utf8'),
    ) as BackupManifest
    checkFits(config, target, manifest)
    if (!options.force) await checkEmpty(config, target)
    await putDatabase(target, staging, manifest)
    await putFiles(config, staging)

    return manifest
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/** TELEKOST_BACKUP_KEY(_FILE), else a key derived from the master key. */
export function backupKey(config: Config): Buffer {
  if (config.backupKey) return parseKey(config.backupKey)
  if (config.backupKeyFile) {
    return parseKey(readFileSync(config.backupKeyFile, 'utf8'))
  }

  return deriveKey(loadMasterKey(config).key, 'telekost-backup')
}

function databaseTarget(config: Config): DatabaseTarget {
  return {
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    sqliteFile: join(config.dataDir, 'telekost.sqlite'),
    databaseKey: databaseKey(config),
  }
}

function databaseKey(config: Config): string | null {
  if (config.databaseKey) return config.databaseKey
  if (!config.databaseKeyFile) return null

  return readFileSync(config.databaseKeyFile, 'utf8').split(/\r?\n/)[0] || null
}

async function snapshotDatabase(target: DatabaseTarget, work: string) {
  if (target.databaseUrl) {
    const path = join(work, POSTGRES_ENTRY)
    await dumpPostgres(target.databaseUrl, target.databaseSchema, path)
    return { name: POSTGRES_ENTRY, path }
  }
  const path = join(work, SQLITE_ENTRY)
  await snapshotSqlite(target.sqliteFile, target.databaseKey, path)

  return { name: SQLITE_ENTRY, path }
}

function describe(
  target: DatabaseTarget,
  files: number,
  keys: WrappedDataKey[],
): BackupManifest {
  return {
    format: 1,
    createdAt: new Date().toISOString(),
    database: target.databaseUrl ? 'postgres' : 'sqlite',
    schema: target.databaseUrl ? target.databaseSchema : null,
    encryptedDatabase: !target.databaseUrl && target.databaseKey !== null,
    files,
    dataKeys: keys.map(({ id, masterKeyId }) => ({ id, masterKeyId })),
  }
}

/**
 * The backup must match the target's kind of database and schema, and the
 * target's master keys must unwrap its data keys, or the files restored
 * would be unreadable.
 */
function checkFits(
  config: Config,
  target: DatabaseTarget,
  manifest: BackupManifest,
): void {
  const kind = target.databaseUrl ? 'postgres' : 'sqlite'
  if (manifest.database !== kind) {
    throw new BackupMismatchError(
      `Sikkerhetskopien er tatt fra ${manifest.database}, men denne ` +
        `installasjonen bruker ${kind}.`,
    )
  }
  if (kind === 'postgres' && manifest.schema !== target.databaseSchema) {
    throw new BackupMismatchError(
      `Sikkerhetskopien gjelder skjemaet «${manifest.schema}»: sett ` +
        `TELEKOST_DATABASE_SCHEMA=${manifest.schema} og prøv igjen.`,
    )
  }
  if (manifest.encryptedDatabase && !target.databaseKey) {
    throw new BackupMismatchError(
      'SQLite-filen i sikkerhetskopien er kryptert: sett ' +
        'TELEKOST_DATABASE_KEY eller TELEKOST_DATABASE_KEY_FILE til samme nøkkel.',
    )
  }
  checkMasterKeys(config, manifest)
}

function checkMasterKeys(config: Config, manifest: BackupManifest) {
  const master = loadMasterKey(config)
  const known = new Set([master.key, ...master.previous].map(keyId))
  const missing = manifest.dataKeys.filter((k) => !known.has(k.masterKeyId))
  if (missing.length === 0) return

  const ids = [...new Set(missing.map((k) => k.masterKeyId))].join(', ')
  throw new BackupMismatchError(
    `Datanøklene i sikkerhetskopien er pakket inn under hovednøkkel ${ids}, ` +
      'som denne installasjonen ikke har: sett TELEKOST_MASTER_KEY(_FILE) ' +
      'eller TELEKOST_PREVIOUS_MASTER_KEYS til den.',
  )
}

async function checkEmpty(config: Config, target: DatabaseTarget) {
  const rows = await countDataRows(target)
  const files = (await vaultFiles(vaultDir(config))).length
  if (rows === 0 && files === 0) return

  throw new NotEmptyError(
    `Installasjonen er ikke tom (${rows} rader, ${files} filer): ` +
      'gjenoppretting skriver over alt. Bruk --force om det er meningen.',
  )
}

async function putDatabase(
  target: DatabaseTarget,
  staging: string,
  manifest: BackupManifest,
) {
  if (manifest.database === 'postgres') {
    await restorePostgres(
      target.databaseUrl!,
      target.databaseSchema,
      join(staging, POSTGRES_ENTRY),
    )
    return
  }
  for (const suffix of ['', '-wal', '-shm']) {
    await rm(`${target.sqliteFile}${suffix}`, { force: true })
  }
  await rename(join(staging, SQLITE_ENTRY), target.sqliteFile)
}

async function putFiles(config: Config, staging: string) {
  const dir = vaultDir(config)
  await rm(dir, { recursive: true, force: true })
  const restored = join(staging, 'files')
  const files = await vaultFiles(restored)
  if (files.length === 0) return

  await rename(restored, dir)
}

function vaultDir(config: Config): string {
  return join(config.dataDir, 'files')
}

async function vaultFiles(dir: string) {
  let entries
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }

  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => {
      const path = join(e.parentPath, e.name)
      return { name: relative(dir, path), path }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2), 'utf8')
}
