import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { runChecks } from '../../../src/domain/checks.js'
import type { InvoiceDraft } from '../../../src/domain/invoice.js'
import { ehfReader } from '../../../src/ingest/ehf/index.js'
import { fixture, teliaMonths } from '../../helpers/paths.js'

interface Expected {
  invoice: Record<string, string | number>
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

async function readMonth(month: string) {
  const bytes = await readFile(fixture('telia', month, 'invoice-ehf.xml'))
  const expected: Expected = JSON.parse(
    await readFile(fixture('telia', month, 'expected.json'), 'utf8'),
  )
  const result = await ehfReader.read(bytes, {})
  assert.ok(result.ok, JSON.stringify(result.problems))

  return { draft: result.draft, problems: result.problems, expected }
}

function headerFacts(draft: InvoiceDraft) {
  const h = draft.header

  return {
    number: h.number,
    customer: h.customerNumber,
    date: h.issueDate,
    due: h.dueDate,
    supplier: h.supplier,
    supplierOrgNo: h.supplierOrgNo,
    vatBaseOre: h.vatBaseOre,
    vatFreeOre: h.vatFreeOre,
    vatOre: h.vatOre,
    payableOre: h.payableOre,
  }
}

for (const month of teliaMonths) {
  describe(`Telia EHF ${month}`, () => {
    it('reads the invoice totals in expected.json', async () => {
      const { draft, expected } = await readMonth(month)
      // expected.json also states the PDF's page count and the rounding
      // on its own; the header facts here leave both out.
      const wanted = { ...expected.invoice }
      delete wanted['vatRoundingOre']
      delete wanted['pages']

      assert.deepEqual(headerFacts(draft), wanted)
    })

    it('reads every subscription with its user, amounts and lines', async () => {
      const { draft, expected } = await readMonth(month)
      const read = draft.subscriptions.map((s) => ({
        phone: s.phone,
        name: s.user,
        vatBaseOre: s.vatBaseOre,
        vatFreeOre: s.vatFreeOre,
        vatOre: s.vatOre,
        totalOre: s.totalOre,
        lines: s.lines.length,
      }))
      const wanted = expected.subscriptions.map(
        ({ phone, name, vatBaseOre, vatFreeOre, vatOre, totalOre, lines }) => ({
          phone,
          name,
          vatBaseOre,
          vatFreeOre,
          vatOre,
          totalOre,
          lines,
        }),
      )

      assert.deepEqual(read, wanted)
    })

    it('leaves no line unassigned and reports no problem', async () => {
      const { draft, problems } = await readMonth(month)

      assert.equal(draft.unassignedLines.length, 0)
      assert.deepEqual(problems, [])
    })

    it('counts the payable rounding as VAT', async () => {
      const { draft } = await readMonth(month)
      const h = draft.header

      assert.notEqual(h.vatRoundingOre, null)
      assert.equal(h.vatBaseOre + h.vatFreeOre + h.vatOre, h.payableOre)
    })

    it('passes every reconciliation check', async () => {
      const { draft } = await readMonth(month)
      const failing = runChecks(draft).filter((c) => !c.ok)

      assert.deepEqual(failing, [])
    })
  })
}
