import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runChecks } from '../../../src/domain/checks.js'
import type { InvoiceDraft, ReadResult } from '../../../src/domain/invoice.js'
import { openPdf } from '../../../src/ingest/pdf/document.js'
import { buildLines } from '../../../src/ingest/pdf/lines.js'
import { makeInvoice } from '../../helpers/generate/invoice.js'
import { renderTeliaPdf } from '../../helpers/generate/pdf.js'
import {
  block,
  credit,
  fee,
  invoiceOf,
  plainInvoice,
  roundTrip,
  usage,
} from './drafts.js'

function draftOf(result: ReadResult): InvoiceDraft {
  assert.ok(result.ok, JSON.stringify(result.problems))

  return result.draft
}

/** Every line of text of a rendered PDF, as the reader sees it. */
async function textLines(bytes: Uint8Array): Promise<string[]> {
  const opened = await openPdf(bytes, 100)
  assert.ok(opened.ok)
  const lines: string[] = []
  for (let n = 1; n <= opened.pdf.pageCount; n++) {
    const pieces = (await opened.pdf.pieces(n)) ?? []
    lines.push(...buildLines(pieces).map((l) => l.text))
  }
  await opened.pdf.close()

  return lines
}

describe('Samlefaktura PDF quirks', () => {
  it('reads back every line and total of a generated invoice', async () => {
    const draft = makeInvoice({ subscriptions: 40, seed: 11 })
    const read = draftOf(await roundTrip(draft))

    assert.deepEqual(read.subscriptions, draft.subscriptions)
    assert.deepEqual({ ...read.header, pages: null }, draft.header)
  })

  it('splits the user from the number at the last " - "', async () => {
    const user = 'Servicebil - Lager - Kari Nordmann'
    const draft = invoiceOf([
      block(user, '92601815', [fee('Dobbel 6 GB', 46247)]),
    ])
    const read = draftOf(await roundTrip(draft))

    assert.equal(read.subscriptions[0]!.user, user)
    assert.equal(read.subscriptions[0]!.phone, '+4792601815')
  })

  it('keeps a twelve-digit machine number starting with 58 as printed', async () => {
    const draft = invoiceOf([
      block('Alarm - Lager', '580012345678', [
        fee('Telia Bedrift M2M 1 GB', 4900),
      ]),
    ])
    const read = draftOf(await roundTrip(draft))

    assert.equal(read.subscriptions[0]!.phone, '580012345678')
  })

  it('merges a block continued after a page break into one subscription', async () => {
    const calls = Array.from({ length: 90 }, (_, i) =>
      usage(`Samtale ${i + 1}`, 400 + 4 * i),
    )
    const draft = invoiceOf([
      block('Kari Nordmann', '92601815', calls),
      block('Ola Nordmann', '41234567', [fee('Dobbel 6 GB', 46247)]),
    ])
    const bytes = await renderTeliaPdf(draft)
    const read = draftOf(await roundTrip(draft))

    assert.ok(
      (await textLines(bytes)).some((t) => t.includes('(fortsettelse) Kari')),
    )
    assert.deepEqual(read.subscriptions, draft.subscriptions)
  })

  it('joins amounts and words drawn in two pieces', async () => {
    const draft = plainInvoice()
    const bytes = await renderTeliaPdf(draft, { pieces: 'all' })
    const opened = await openPdf(bytes, 10)
    assert.ok(opened.ok)
    const pieces = (await opened.pdf.pieces(3))!.map((p) => p.text)
    await opened.pdf.close()
    const read = draftOf(await roundTrip(draft, { pieces: 'all' }))

    assert.ok(pieces.includes('65,47'), 'drawn as 5 + 65,47')
    assert.deepEqual(read.subscriptions, draft.subscriptions)
  })

  it('marks a ** content line free of VAT', async () => {
    const draft = invoiceOf([
      block('Kari Nordmann', '92601815', [
        usage('**Strex Katalogtjenester', 5800),
        fee('Dobbel 6 GB', 46247),
      ]),
    ])
    const read = draftOf(await roundTrip(draft)).subscriptions[0]!

    assert.equal(read.lines[0]!.vatCategory, 'exempt')
    assert.equal(read.vatFreeOre, 5800)
  })

  it('keeps an extra one-off section by its own name', async () => {
    const draft = invoiceOf([
      block('Kari Nordmann', '92601815', [
        fee('Dobbel 6 GB', 46247),
        fee('Nytt SIM-kort', 15000, 0, 'Engangsavgifter'),
      ]),
    ])
    const read = draftOf(await roundTrip(draft)).subscriptions[0]!

    assert.deepEqual(
      read.lines.map((l) => l.section),
      ['Faste avgifter', 'Engangsavgifter'],
    )
  })

  it('reads a credit under Rabatter with one date and one amount', async () => {
    const read = draftOf(await roundTrip(plainInvoice())).subscriptions[0]!
    const discount = read.lines.find((l) => l.section === 'Rabatter')

    assert.deepEqual(discount, credit('Dobbel 15 GB', -3649))
  })

  it('reads a missing Mva. avrunding line as no rounding', async () => {
    const draft = { ...plainInvoice() }
    draft.header = { ...draft.header, vatRoundingOre: null }
    const read = draftOf(await roundTrip(draft))

    assert.equal(read.header.vatRoundingOre, null)
  })

  it('ignores the scanning stamp on page 1', async () => {
    const draft = plainInvoice()
    const stamped = draftOf(await roundTrip(draft, { stamp: true }))
    const clean = draftOf(await roundTrip(draft, { stamp: false }))

    assert.deepEqual(stamped.header, clean.header)
  })

  it('reports a KID whose MOD10 control digit is wrong', async () => {
    const draft = plainInvoice()
    draft.header = {
      ...draft.header,
      customerNumber: '704144519',
      kid: '704144519',
    }
    const result = await roundTrip(draft)

    assert.ok(result.ok)
    assert.deepEqual(
      result.problems.map((p) => p.code),
      ['pdf-kid-mod10'],
    )
  })

  it('fails the lines check for a block whose lines miss its stated total', async () => {
    const draft = plainInvoice()
    const wrong = { ...draft.subscriptions[0]! }
    wrong.vatBaseOre += 100
    wrong.vatOre += 25
    wrong.totalOre += 125
    const bad = invoiceOf([wrong])
    const read = draftOf(await roundTrip(bad))
    const failed = runChecks(read).filter((c) => !c.ok)

    assert.deepEqual(
      failed.map((c) => c.code),
      ['block-lines-sum-to-parts'],
    )
  })
})
