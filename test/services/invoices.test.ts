import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import {
  costCentreTotals,
  unmatchedPhones,
} from '../../src/store/allocations.js'
import { listEmployees } from '../../src/store/register.js'
import { processUpload } from '../../src/services/invoices.js'
import {
  assignNumber,
  importRegisterFile,
} from '../../src/services/register.js'
import { freshContext } from '../helpers/context.js'
import { fixture } from '../helpers/paths.js'

type Context = Awaited<ReturnType<typeof freshContext>>

const month = '2026-11'
const expected = JSON.parse(
  readFileSync(fixture('telia', month, 'expected.json'), 'utf8'),
) as {
  costCentresExVatOre: Record<string, number>
  invoice: { payableOre: number }
}

function upload(file: string) {
  return {
    filename: file,
    bytes: new Uint8Array(readFileSync(fixture('telia', month, file))),
    userId: null,
  }
}

async function importRegister(context: Context) {
  for (const file of ['kostnadssteder.csv', 'ansatte.csv']) {
    const outcome = await importRegisterFile(context, {
      filename: file,
      bytes: new Uint8Array(readFileSync(fixture('register', file))),
    })
    assert.ok(outcome.ok, JSON.stringify(outcome.problems))
  }
}

function vaultFiles(context: Context): string[] {
  const dir = join(context.config.dataDir, 'files')
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
  } catch {
    return []
  }
}

describe('processUpload', () => {
  let context: Context
  beforeEach(async () => {
    context = await freshContext()
    await importRegister(context)
  })
  afterEach(async () => {
    await context.close()
  })

  it('stores, checks and allocates an invoice per cost centre', async () => {
    const outcome = await processUpload(context, upload('invoice-ehf.xml'))
    assert.ok(outcome.ok)

    const totals = await costCentreTotals(context.db, outcome.invoiceId)
    assert.deepEqual(
      Object.fromEntries(totals.map((t) => [t.costCentre, t.exVatOre])),
      expected.costCentresExVatOre,
    )
  })

  it('allocates VAT so that the whole invoice is accounted for', async () => {
    const outcome = await processUpload(context, upload('invoice.pdf'))
    assert.ok(outcome.ok)

    const totals = await costCentreTotals(context.db, outcome.invoiceId)
    const sum = totals.reduce((a, t) => a + t.exVatOre + t.vatOre, 0)
    assert.equal(sum, expected.invoice.payableOre)
  })

  it('keeps the uploaded bytes, encrypted, in the vault', async () => {
    const sent = upload('invoice.pdf')
    const outcome = await processUpload(context, sent)
    assert.ok(outcome.ok)

    const file = await context.db
      .selectFrom('invoices')
      .innerJoin('stored_files', 'stored_files.id', 'invoices.file_id')
      .select(['stored_files.id', 'stored_files.key_id'])
      .executeTakeFirstOrThrow()
    const stored = await context.vault.get(file.id, file.key_id)
    assert.deepEqual(new Uint8Array(stored), sent.bytes)
  })

  it('keeps the bytes whole when the upload arrives as a Buffer', async () => {
    const bytes = readFileSync(fixture('telia', month, 'invoice-ehf.xml'))
    const size = bytes.byteLength
    const outcome = await processUpload(context, {
      filename: 'invoice-ehf.xml',
      bytes,
      userId: null,
    })
    assert.ok(outcome.ok)

    assert.equal(bytes.byteLength, size)
    const file = await context.db
      .selectFrom('stored_files')
      .select(['id', 'key_id'])
      .executeTakeFirstOrThrow()
    const stored = await context.vault.get(file.id, file.key_id)
    assert.equal(stored.byteLength, size)
  })

  it('refuses the same invoice twice and stores nothing the second time', async () => {
    await processUpload(context, upload('invoice.pdf'))
    const before = vaultFiles(context).length
    const again = await processUpload(context, upload('invoice-ehf.xml'))

    assert.equal(again.ok, false)
    assert.equal(!again.ok && again.reason, 'duplicate')
    assert.equal(vaultFiles(context).length, before)
  })

  it('leaves nothing behind for a file it cannot read', async () => {
    const outcome = await processUpload(context, {
      filename: 'faktura.pdf',
      bytes: new TextEncoder().encode('%PDF-1.7\nnot really a pdf\n%%EOF\n'),
      userId: null,
    })

    assert.equal(outcome.ok, false)
    assert.equal(vaultFiles(context).length, 0)
  })

  it('removes the stored file when saving the invoice fails', async () => {
    await context.db.schema.dropTable('allocations').execute()

    await assert.rejects(processUpload(context, upload('invoice.pdf')))
    const invoices = await context.db
      .selectFrom('invoices')
      .select('id')
      .execute()
    assert.equal(invoices.length, 0)
    assert.equal(vaultFiles(context).length, 0)
  })
})

describe('assignNumber', () => {
  let context: Context
  beforeEach(async () => {
    context = await freshContext()
    await importRegister(context)
  })
  afterEach(async () => {
    await context.close()
  })

  it('moves an unmatched number from suspense to the employee’s cost centre', async () => {
    const outcome = await processUpload(context, upload('invoice.pdf'))
    assert.ok(outcome.ok)
    const [phone] = await unmatchedPhones(context.db, outcome.invoiceId)
    const employee = (await listEmployees(context.db)).find(
      (e) => e.costCentre === '5100',
    )!
    const before = await costCentreTotals(context.db, outcome.invoiceId)

    await assignNumber(context, {
      phone: phone!,
      employeeId: employee.id,
      validFrom: null,
    })

    const after = await costCentreTotals(context.db, outcome.invoiceId)
    const total = (ts: typeof after) => ts.reduce((a, t) => a + t.exVatOre, 0)
    const centre = (ts: typeof after, code: string) =>
      ts.find((t) => t.costCentre === code)?.exVatOre ?? 0
    assert.equal(total(after), total(before))
    assert.ok(centre(after, 'UNMATCHED') < centre(before, 'UNMATCHED'))
    assert.ok(centre(after, '5100') > centre(before, '5100'))
  })
})
