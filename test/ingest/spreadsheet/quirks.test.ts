import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { InvoiceDraft, ReadResult } from '../../../src/domain/invoice.js'
import { xlsReader, xlsxReader } from '../../../src/ingest/spreadsheet/index.js'
import {
  renderRowsXlsx,
  renderSpecXls,
  renderSpecXlsx,
  specSheets,
} from '../../helpers/generate/xlsx.js'
import type { SpecOptions } from '../../helpers/generate/xlsx.js'
import { sampleDraft } from './sample-draft.js'

const draft = sampleDraft(3)

async function readXlsx(options: SpecOptions): Promise<ReadResult> {
  return xlsxReader.read(await renderSpecXlsx(draft, options), {})
}

async function readXls(options: SpecOptions): Promise<ReadResult> {
  return xlsReader.read(await renderSpecXls(draft, options), {})
}

function totals(result: ReadResult) {
  assert.ok(result.ok, JSON.stringify(result.problems))

  return shape(result.draft)
}

function shape(d: InvoiceDraft) {
  return {
    payableOre: d.header.payableOre,
    vatOre: d.header.vatOre,
    subscriptions: d.subscriptions.map((s) => [s.phone, s.totalOre]),
  }
}

describe('spreadsheet quirks', () => {
  it('finds the header below title rows', async () => {
    const result = await readXlsx({ titleRows: true })

    assert.deepEqual(totals(result), shape(draft))
  })

  it('reads a sheet whose header is the first row', async () => {
    const result = await readXlsx({ titleRows: false })

    assert.deepEqual(totals(result), shape(draft))
  })

  it('reads the customer number from a title row', async () => {
    const result = await readXlsx({ titleRows: true })

    assert.equal(result.ok && result.draft.header.customerNumber, '123456785')
  })

  it('recognises English headers', async () => {
    const result = await readXlsx({
      headers: {
        invoiceNumber: 'Invoice number',
        invoiceDate: 'Invoice date',
        phone: 'Phone number',
        user: 'User',
        section: 'Category',
        description: 'Description',
        periodStart: 'From',
        periodEnd: 'To',
        quantity: 'Quantity',
        usage: 'Usage',
        gross: 'Gross',
        discount: 'Discount',
        net: 'Net',
        vat: 'VAT',
        total: 'Total',
      },
    })

    assert.deepEqual(totals(result), shape(draft))
  })

  it('recognises headers regardless of case and accents', async () => {
    const result = await readXlsx({
      headers: { phone: 'MOBILNUMMER', net: 'BELOP', description: 'tjenéste' },
    })

    assert.deepEqual(totals(result), shape(draft))
  })

  it('reads amounts written as Norwegian text with a trailing minus', async () => {
    const result = await readXlsx({ amounts: 'text' })

    assert.deepEqual(totals(result), shape(draft))
  })

  it('reads a credit written as text with a trailing minus', async () => {
    const result = await readXlsx({ amounts: 'text' })
    const credit = result.ok && result.draft.subscriptions[0]!.lines[7]

    assert.equal(
      credit && credit.netOre,
      draft.subscriptions[0]!.lines[7]!.netOre,
    )
  })

  for (const dates of ['text', 'iso', 'serial', 'date'] as const) {
    it(`reads dates stored as ${dates}`, async () => {
      const result = await readXlsx({ dates })
      const line = result.ok && result.draft.subscriptions[0]!.lines[0]!

      assert.deepEqual(line && [line.periodStart, line.periodEnd], [
        '2026-10-06',
        '2026-11-05',
      ])
    })
  }

  it('reads the invoice date written as dd.mm.yy', async () => {
    const result = await readXlsx({ dates: 'text' })

    assert.equal(result.ok && result.draft.header.issueDate, '2026-11-06')
  })

  it('reads phone numbers stored as numbers', async () => {
    const result = await readXlsx({ phone: (p) => Number(p.slice(3)) })

    assert.deepEqual(totals(result), shape(draft))
  })

  it('reads phone numbers written in several styles', async () => {
    const styles = [
      (p: string) => p,
      (p: string) => `00${p.slice(1)}`,
      (p: string) => `+47 ${p.slice(3, 6)} ${p.slice(6, 8)} ${p.slice(8)}`,
    ]
    const result = await readXlsx({ phone: (p, i) => styles[i % 3]!(p) })

    assert.deepEqual(totals(result), shape(draft))
  })

  it('skips blank rows and per-subscription sum rows', async () => {
    const result = await readXlsx({ blankRows: true, subtotalRows: true })

    assert.deepEqual(totals(result), shape(draft))
  })

  it('counts every line once despite subtotal rows', async () => {
    const result = await readXlsx({ subtotalRows: true })
    const lines = result.ok ? result.draft.subscriptions[0]!.lines.length : 0

    assert.equal(lines, draft.subscriptions[0]!.lines.length)
  })

  it('takes the payable amount from the Sum row', async () => {
    const stated = structuredClone(draft)
    stated.header.payableOre += 100
    const result = await xlsxReader.read(await renderSpecXlsx(stated), {})

    assert.equal(
      result.ok && result.draft.header.payableOre,
      stated.header.payableOre,
    )
  })

  it('computes the payable amount when there is no Sum row', async () => {
    const result = await readXlsx({ sumRow: false })

    assert.equal(
      result.ok && result.draft.header.payableOre,
      draft.header.payableOre,
    )
  })

  it('marks lines starting with ** as free of VAT', async () => {
    const result = await readXlsx({})
    const line = result.ok && result.draft.subscriptions[0]!.lines[2]!

    assert.equal(line && line.vatCategory, 'exempt')
  })

  it('marks a line whose VAT cell is 0 as free of VAT', async () => {
    const rows = [
      ['Telefonnummer', 'Tjeneste', 'Beløp', 'Mva'],
      ['926 01 815', 'Innhold', 100, 0],
      ['926 01 815', 'Abonnement', 100, 25],
    ]
    const bytes = await renderRowsXlsx([{ name: 'Ark1', rows }])
    const result = await xlsxReader.read(bytes, {})
    const s = result.ok && result.draft.subscriptions[0]!

    assert.deepEqual(
      s && [s.vatBaseOre, s.vatFreeOre, s.vatOre],
      [10000, 10000, 2500],
    )
  })

  it('reports a row with an amount but no phone number', async () => {
    const rows = [
      ['Telefonnummer', 'Tjeneste', 'Beløp'],
      ['926 01 815', 'Abonnement', 100],
      [null, 'Gebyr', 50],
    ]
    const bytes = await renderRowsXlsx([{ name: 'Ark1', rows }])
    const result = await xlsxReader.read(bytes, {})

    assert.deepEqual(
      result.problems.map((p) => p.code),
      ['row-without-phone'],
    )
  })

  it('reads a summary sheet that agrees without a problem', async () => {
    const result = await readXlsx({ summarySheet: true })

    assert.deepEqual(result.problems, [])
  })

  it('reports a number the summary sheet totals differently', async () => {
    const changed = structuredClone(draft)
    changed.subscriptions[1]!.lines[0]!.netOre += 100
    const [lines] = specSheets(changed, { sumRow: false })
    const [, summary] = specSheets(draft)
    const bytes = await renderRowsXlsx([lines!, summary!])
    const result = await xlsxReader.read(bytes, {})

    assert.deepEqual(
      result.problems.map((p) => p.code),
      ['summary-disagrees'],
    )
  })

  it('reads the same quirks from a legacy .xls', async () => {
    const result = await readXls({
      amounts: 'text',
      dates: 'serial',
      blankRows: true,
      phone: (p) => Number(p.slice(3)),
    })

    assert.deepEqual(totals(result), shape(draft))
  })
})
