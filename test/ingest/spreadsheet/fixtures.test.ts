import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { runChecks } from '../../../src/domain/checks.js'
import type { InvoiceDraft } from '../../../src/domain/invoice.js'
import { xlsReader, xlsxReader } from '../../../src/ingest/spreadsheet/index.js'
import { fixture, teliaMonths } from '../../helpers/paths.js'

interface Expected {
  invoice: Record<string, number | string>
  subscriptions: Array<{
    phone: string
    name: string
    vatBaseOre: number
    vatFreeOre: number
    vatOre: number
    totalOre: number
    lines: number
  }>
}

const readers = { xlsx: xlsxReader, xls: xlsReader }

for (const month of teliaMonths) {
  for (const [format, reader] of Object.entries(readers)) {
    describe(`spesifikasjon.${format} for ${month}`, async () => {
      const expected = JSON.parse(
        await readFile(fixture('telia', month, 'expected.json'), 'utf8'),
      ) as Expected
      const bytes = await readFile(
        fixture('telia', month, `spesifikasjon.${format}`),
      )
      const result = await reader.read(bytes, {})
      const draft = result.ok ? result.draft : null

      it('reads without problems', () => {
        assert.deepEqual(result.problems, [])
      })

      it('states the invoice totals of expected.json', () => {
        const { vatBaseOre, vatFreeOre, vatOre, payableOre } = draft!.header
        const e = expected.invoice
        assert.deepEqual(
          { vatBaseOre, vatFreeOre, vatOre, payableOre },
          {
            vatBaseOre: e['vatBaseOre'],
            vatFreeOre: e['vatFreeOre'],
            vatOre: e['vatOre'],
            payableOre: e['payableOre'],
          },
        )
      })

      it('reads the invoice number and date', () => {
        assert.equal(draft!.header.number, expected.invoice['number'])
        assert.equal(draft!.header.issueDate, expected.invoice['date'])
      })

      it('reads every subscription of expected.json in order', () => {
        assert.deepEqual(
          summarise(draft!),
          expected.subscriptions.map((s) => ({
            phone: s.phone,
            user: s.name,
            vatBaseOre: s.vatBaseOre,
            vatFreeOre: s.vatFreeOre,
            vatOre: s.vatOre,
            totalOre: s.totalOre,
            lines: s.lines,
          })),
        )
      })

      it('passes every reconciliation check', () => {
        const failed = runChecks(draft!).filter((c) => !c.ok)
        assert.deepEqual(failed, [])
      })
    })
  }
}

describe('spesifikasjon.xlsx title rows', () => {
  it('give the customer number', async () => {
    const bytes = await readFile(
      fixture('telia', '2026-11', 'spesifikasjon.xlsx'),
    )
    const result = await xlsxReader.read(bytes, {})

    assert.equal(result.ok && result.draft.header.customerNumber, '704144518')
  })
})

function summarise(draft: InvoiceDraft) {
  return draft.subscriptions.map((s) => ({
    phone: s.phone,
    user: s.user,
    vatBaseOre: s.vatBaseOre,
    vatFreeOre: s.vatFreeOre,
    vatOre: s.vatOre,
    totalOre: s.totalOre,
    lines: s.lines.length,
  }))
}
