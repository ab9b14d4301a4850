import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { testConfig } from '../../src/config.js'
import type { Config } from '../../src/config.js'
import { recordAudit, verifyAuditChain } from '../../src/privacy/audit.js'
import { processUpload } from '../../src/services/invoices.js'
import { importRegisterFile } from '../../src/services/register.js'
import { closeContext, openContext } from '../../src/services/context.js'
import type { AppContext } from '../../src/services/context.js'
import { listAllocations } from '../../src/store/allocations.js'
import { listAuditEntries } from '../../src/store/audit.js'
import {
  createBackup,
  DamagedBackupError,
  NotEmptyError,
  restoreBackup,
} from '../../src/store/backup.js'
import {
  listInvoices,
  listLines,
  listSubscriptions,
} from '../../src/store/invoices.js'
import { fixture, teliaMonths } from '../helpers/paths.js'

const postgresUrl = process.env['TELEKOST_TEST_DATABASE_URL']

describe('backup and restore', () => {
  const dirs: string[] = []
  const databases: string[] = []
  let source: AppContext
  let backupFile: string

  before(async () => {
    source = await openContext(testConfig(tempDir(dirs)))
    await loadEverything(source)
    backupFile = join(tempDir(dirs), 'telekost.backup')
    await createBackup(source.config, backupFile)
  })
  after(async () => {
    await closeContext(source)
    for (const name of databases) await dropDatabase(name)
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  async function emptyTarget(): Promise<Config> {
    const config = {
      ...source.config,
      dataDir: tempDir(dirs),
      securityLogFile: join(tempDir(dirs), 'security.log'),
    }
    if (!postgresUrl) return config

    return { ...config, databaseUrl: await freshDatabase(databases) }
  }

  async function restored<T>(
    use: (context: AppContext) => Promise<T>,
  ): Promise<T> {
    const target = await emptyTarget()
    await restoreBackup(target, backupFile)
    const context = await openContext(target)
    try {
      return await use(context)
    } finally {
      await closeContext(context)
    }
  }

  it('brings back every invoice, subscription, line and allocation', async () => {
    const [expected, actual] = [
      await everything(source),
      await restored(everything),
    ]

    assert.equal(expected.invoices.length, teliaMonths.length)
    assert.deepEqual(actual, expected)
  })

  it('brings back every audit entry with an intact chain', async () => {
    const expected = await listAuditEntries(source.db, { limit: 10_000 })

    const [entries, chain] = await restored(
      async (context) =>
        [
          await listAuditEntries(context.db, { limit: 10_000 }),
          await verifyAuditChain(context.db),
        ] as const,
    )

    assert.ok(expected.length >= 3)
    assert.deepEqual({ entries, ok: chain.ok }, { entries: expected, ok: true })
  })

  it('restores the vault files so that they decrypt to the uploads', async () => {
    const expected = await fileDigests(source)

    const actual = await restored(fileDigests)

    assert.equal(Object.keys(expected).length, teliaMonths.length)
    assert.deepEqual(actual, expected)
  })

  it('refuses to restore over a system that holds data', async () => {
    await assert.rejects(
      restoreBackup(source.config, backupFile),
      NotEmptyError,
    )
  })

  it('refuses a backup with one flipped byte and leaves the system empty', async () => {
    const damaged = join(tempDir(dirs), 'damaged.backup')
    const bytes = readFileSync(backupFile)
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01
    writeFileSync(damaged, bytes)
    const target = await emptyTarget()

    await assert.rejects(restoreBackup(target, damaged), DamagedBackupError)
    await restoreBackup(target, backupFile)
  })

  it('refuses a backup cut short at the end', async () => {
    const cut = join(tempDir(dirs), 'cut.backup')
    const bytes = readFileSync(backupFile)
    writeFileSync(cut, bytes.subarray(0, bytes.length - 40))

    await assert.rejects(
      restoreBackup(await emptyTarget(), cut),
      DamagedBackupError,
    )
  })
})

async function loadEverything(context: AppContext): Promise<void> {
  for (const file of ['kostnadssteder.csv', 'ansatte.csv']) {
    const outcome = await importRegisterFile(context, {
      filename: file,
      bytes: new Uint8Array(readFileSync(fixture('register', file))),
    })
    assert.ok(outcome.ok, JSON.stringify(outcome.problems))
  }
  for (const month of teliaMonths) {
    const outcome = await processUpload(context, {
      filename: 'invoice-ehf.xml',
      bytes: new Uint8Array(
        readFileSync(fixture('telia', month, 'invoice-ehf.xml')),
      ),
      userId: null,
    })
    assert.ok(outcome.ok, JSON.stringify(outcome))
  }
  for (const action of ['view', 'export', 'approve']) {
    await recordAudit(context, {
      actor: { userId: null, name: 'revisor' },
      action,
      subjectType: 'invoice',
      details: { note: `backup test ${action}` },
    })
  }
}

async function everything(context: AppContext) {
  const invoices = await listInvoices(context.db)
  const perInvoice = []
  for (const invoice of invoices) {
    const allocations = await listAllocations(context.db, invoice.id)
    perInvoice.push({
      subscriptions: await listSubscriptions(context.db, invoice.id),
      lines: await listLines(context.db, invoice.id),
      allocations: allocations.map((a) => JSON.stringify(a)).sort(),
    })
  }

  return { invoices, perInvoice }
}

async function fileDigests(context: AppContext) {
  const rows = await context.db
    .selectFrom('stored_files')
    .select(['id', 'key_id', 'sha256'])
    .execute()
  const digests: Record<string, string> = {}
  for (const row of rows) {
    const bytes = await context.vault.get(row.id, row.key_id)
    digests[row.id] = sha256(bytes)
    assert.equal(digests[row.id], row.sha256)
  }

  return digests
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function tempDir(dirs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'telekost-backup-test-'))
  dirs.push(dir)

  return dir
}

/** A new database on the test server: the dump keeps its schema's name. */
async function freshDatabase(databases: string[]): Promise<string> {
  const name = `telekost_restore_${randomBytes(6).toString('hex')}`
  await admin((client) => client.query(`create database ${name}`))
  databases.push(name)
  const url = new URL(postgresUrl!)
  url.pathname = `/${name}`

  return url.toString()
}

async function dropDatabase(name: string): Promise<void> {
  await admin((client) =>
    client.query(`drop database if exists ${name} with (force)`),
  )
}

async function admin(use: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: postgresUrl })
  await client.connect()
  try {
    await use(client)
  } finally {
    await client.end()
  }
}
