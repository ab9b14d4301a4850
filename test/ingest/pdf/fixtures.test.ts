import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { runChecks } from '../../../src/domain/checks.js'
import type { InvoiceDraft } from '../../../src/domain/invoice.js'
import { pdfReader } from '../../../src/ingest/pdf/index.js'
import { fixture, teliaMonths } from '../../helpers/paths.js'

interface Expected {
  invoice: {
    number: string
    customer: string
    date: string
    due: string
    supplier: string
    supplierOrgNo: string
    vatBaseOre: number
    vatFreeOre: number
    vatOre: number
    payableOre: number
    vatRoundingOre: number | null
    pages: number
  }
  subscriptions: {
    phone: string
    name: string
    vatBaseOre: number
    vatFreeOre: number
    vatOre: number
    totalOre: number
    lines: number
  }[]
}

const months = new Map<
  string,
  Promise<{ draft: InvoiceDraft; expected: Expected }>
>()

/** Each month's PDF is read once and shared by the tests about it. */
function readMonth(month: string) {
  let read = months.get(month)
  if (!read) {
    read = readFixture(month)
    months.set(month, read)
  }

  return read
}

async function readFixture(month: string) {
  const bytes = await readFile(fixture('telia', month, 'invoice.pdf'))
  const json = await readFile(fixture('telia', month, 'expected.json'), 'utf8')
  const result = await pdfReader.read(bytes, {})
  assert.ok(result.ok, JSON.stringify(result.problems))

  return { draft: result.draft, expected: JSON.parse(json) as Expected }
}

function headerFacts(draft: InvoiceDraft): Expected['invoice'] {
  const h = draft.header

  return {
    number: h.number,
    customer: h.customerNumber!,
    date: h.issueDate!,
    due: h.dueDate!,
    supplier: h.supplier,
    supplierOrgNo: h.supplierOrgNo!,
    vatBaseOre: h.vatBaseOre,
    vatFreeOre: h.vatFreeOre,
    vatOre: h.vatOre,
    payableOre: h.payableOre,
    vatRoundingOre: h.vatRoundingOre,
    pages: h.pages!,
  }
}

function subscriptionFacts(draft: InvoiceDraft): Expected['subscriptions'] {
  return draft.subscriptions.map((s) => ({
    phone: s.phone,
    name: s.user,
    vatBaseOre: s.vatBaseOre,
    vatFreeOre: s.vatFreeOre,
    vatOre: s.vatOre,
    totalOre: s.totalOre,
    lines: s.lines.length,
  }))
}

for (const month of teliaMonths) {
  describe(`Telia Samlefaktura PDF ${month}`, () => {
    it('reads the header as expected.json states it', async () => {
      const { draft, expected } = await readMonth(month)

      assert.deepEqual(headerFacts(draft), expected.invoice)
    })

    it('reads every subscription in order with its totals and lines', async () => {
      const { draft, expected } = await readMonth(month)
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

      assert.deepEqual(subscriptionFacts(draft), wanted)
    })

    it('passes every reconciliation check', async () => {
      const { draft } = await readMonth(month)
      const failed = runChecks(draft).filter((c) => !c.ok)

      assert.deepEqual(failed, [])
    })

    it('reads the KID and account from the line under their labels', async () => {
      const { draft, expected } = await readMonth(month)

      assert.equal(draft.header.kid, expected.invoice.customer)
      assert.equal(draft.header.account, '86011117947')
    })
  })
}
