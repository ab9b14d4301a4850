import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allChecksHold, runChecks } from '../../src/domain/checks.js'
import { makeInvoice, withMod10 } from '../helpers/generate/invoice.js'

describe('generated invoice', () => {
  const draft = makeInvoice({ subscriptions: 400, seed: 11 })
  const subscriptions = draft.subscriptions

  it('is the same invoice for the same seed', () => {
    assert.deepEqual(makeInvoice({ subscriptions: 400, seed: 11 }), draft)
  })

  it('differs for another seed', () => {
    const other = makeInvoice({ subscriptions: 400, seed: 12 })

    assert.notEqual(other.header.payableOre, draft.header.payableOre)
  })

  it('passes every check a real invoice passes', () => {
    const seeds = Array.from({ length: 40 }, (_, i) => i + 1)
    const failing = seeds.filter(
      (seed) =>
        !allChecksHold(runChecks(makeInvoice({ subscriptions: 60, seed }))),
    )

    assert.deepEqual(failing, [])
  })

  it('has as many subscriptions as asked, each number once', () => {
    const phones = new Set(subscriptions.map((s) => s.phone))

    assert.deepEqual([subscriptions.length, phones.size], [400, 400])
  })

  it('uses 8-digit numbers starting with 4 or 9 and a few 58 machines', () => {
    const kinds = subscriptions.map((s) =>
      /^\+47[49]\d{7}$/.test(s.phone)
        ? 'mobile'
        : /^58\d{10}$/.test(s.phone)
          ? 'machine'
          : s.phone,
    )

    assert.deepEqual([...new Set(kinds)].sort(), ['machine', 'mobile'])
  })

  it('names some users with " - " inside the name', () => {
    assert.ok(subscriptions.some((s) => s.user.includes(' - ')))
  })

  it('marks content lines with ** and leaves them free of VAT', () => {
    const lines = subscriptions.flatMap((s) => s.lines)
    const content = lines.filter((l) => l.description.startsWith('**'))

    assert.deepEqual(
      [content.length > 0, new Set(content.map((l) => l.vatCategory))],
      [true, new Set(['exempt'])],
    )
  })

  it('credits some subscriptions under Rabatter', () => {
    const credits = subscriptions
      .flatMap((s) => s.lines)
      .filter((l) => l.section === 'Rabatter')

    assert.ok(credits.length > 0 && credits.every((l) => l.netOre < 0))
  })

  it('discounts some fixed fees by a printed percentage', () => {
    const line = subscriptions
      .flatMap((s) => s.lines)
      .find((l) => l.description === 'Dobbel 15 GB' && l.discountOre)!

    assert.deepEqual(
      [line.grossOre, line.discountPercent, line.discountOre, line.netOre],
      [56_547, '56,11', -31_729, 24_818],
    )
  })

  it('dates usage a cycle behind and fixed fees a cycle ahead', () => {
    const october = makeInvoice({ subscriptions: 5, month: '2026-10' })
    const periods = new Set(
      october.subscriptions
        .flatMap((s) => s.lines)
        .filter((l) => l.section !== 'Rabatter')
        .map((l) => `${l.section} ${l.periodStart}–${l.periodEnd}`),
    )

    assert.ok(periods.has('Bruk 2026-09-06–2026-10-05'))
    assert.ok(periods.has('Faste avgifter 2026-10-06–2026-11-05'))
  })

  it('gives a customer number whose KID check digit holds', () => {
    const number = draft.header.customerNumber!

    assert.equal(withMod10(number.slice(0, -1)), number)
  })

  it("computes the fixture invoice's KID check digit", () => {
    assert.equal(withMod10('70414451'), '704144518')
  })
})
