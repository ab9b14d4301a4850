import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import type { InvoiceDraft } from '../../../src/domain/invoice.js'
import { sumOre } from '../../../src/domain/money.js'
import { ehfReader } from '../../../src/ingest/ehf/index.js'
import { fixture } from '../../helpers/paths.js'

async function readExample(name: string): Promise<InvoiceDraft> {
  const bytes = await readFile(fixture('ehf-examples', name))
  const result = await ehfReader.read(bytes, {})
  assert.ok(result.ok, JSON.stringify(result.problems))

  return result.draft
}

/** Every line's net amount, document allowances and charges included. */
function linesExVatOre(draft: InvoiceDraft): number {
  const lines = [
    ...draft.subscriptions.flatMap((s) => s.lines),
    ...draft.unassignedLines,
  ]

  return sumOre(lines.map((l) => l.netOre))
}

function totals(draft: InvoiceDraft) {
  const h = draft.header

  return {
    payableOre: h.payableOre,
    taxExclusiveOre: h.vatBaseOre + h.vatFreeOre,
    vatOre: h.vatOre,
    linesOre: linesExVatOre(draft),
  }
}

// The numbers below are the ones written in each file's
// LegalMonetaryTotal (PayableAmount, TaxExclusiveAmount) and TaxTotal.
describe('PEPPOL BIS 3.0 examples', () => {
  it('reads the Norwegian example with three VAT rates and a prepayment', async () => {
    const draft = await readExample('Norwegian-example-1.xml')

    assert.deepEqual(totals(draft), {
      payableOre: 80200,
      taxExclusiveOre: 143650,
      vatOre: 36528,
      linesOre: 143650,
    })
  })

  it('keeps a rounding to whole kroner out of the VAT', async () => {
    const draft = await readExample('Norwegian-example-1.xml')

    assert.equal(draft.header.vatRoundingOre, 22)
  })

  it('reads the allowance example with its document charge and allowance', async () => {
    const draft = await readExample('Allowance-example.xml')

    assert.deepEqual(totals(draft), {
      payableOre: 612500,
      taxExclusiveOre: 590000,
      vatOre: 122500,
      linesOre: 590000,
    })
  })

  it('reads the tax total in the document currency, not the tax currency', async () => {
    const draft = await readExample('Allowance-example.xml')

    assert.equal(draft.header.currency, 'EUR')
    assert.equal(draft.header.vatOre, 122500)
  })

  it('reads a credit note as negative amounts', async () => {
    const draft = await readExample('base-creditnote-correction.xml')

    assert.deepEqual(totals(draft), {
      payableOre: -165625,
      taxExclusiveOre: -132500,
      vatOre: -33125,
      linesOre: -132500,
    })
  })

  it('reads a negative correction invoice as negative amounts', async () => {
    const draft = await readExample('base-negative-inv-correction.xml')

    assert.deepEqual(totals(draft), {
      payableOre: -165625,
      taxExclusiveOre: -132500,
      vatOre: -33125,
      linesOre: -132500,
    })
  })

  it('puts lines without a phone number among the unassigned lines', async () => {
    const draft = await readExample('Norwegian-example-1.xml')

    assert.equal(draft.subscriptions.length, 0)
    assert.ok(draft.unassignedLines.length > 0)
  })
})
