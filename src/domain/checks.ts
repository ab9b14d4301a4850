import { formatOre, sumOre } from './money.js'
import { vatOnLine } from './invoice.js'
import type { InvoiceDraft, SubscriptionDraft } from './invoice.js'

/**
 * The checks that hold on every real Telia invoice. An invoice whose
 * checks do not all hold is never shown as done: someone must look at the
 * numbers and accept them with a comment before it can be approved.
 */
export interface Check {
  code: CheckCode
  ok: boolean
  message: string
  /** The subscription a per-block check is about. */
  phone?: string
  expectedOre?: number
  actualOre?: number
}

export type CheckCode =
  | 'blocks-sum-to-payable'
  | 'block-parts-sum-to-total'
  | 'block-lines-sum-to-parts'
  | 'block-vat-rate'
  | 'header-totals-agree'
  | 'has-subscriptions'

/** VAT is computed per line, so a block may be off 25 % by this much. */
export const VAT_TOLERANCE_ORE = 2

export function runChecks(draft: InvoiceDraft): Check[] {
  const blocks = draft.subscriptions

  return [
    hasSubscriptions(draft),
    blocksSumToPayable(draft),
    headerTotalsAgree(draft),
    ...blocks.map(blockPartsSumToTotal),
    ...blocks.map(blockLinesSumToParts),
    ...blocks.map(blockVatRate),
  ]
}

export function allChecksHold(checks: readonly Check[]): boolean {
  return checks.every((c) => c.ok)
}

function hasSubscriptions(draft: InvoiceDraft): Check {
  const count = draft.subscriptions.length

  return {
    code: 'has-subscriptions',
    ok: count > 0,
    message:
      count > 0
        ? `${count} abonnement lest`
        : 'Fant ingen abonnement i fakturaen',
  }
}

function blocksSumToPayable(draft: InvoiceDraft): Check {
  const unassigned = sumOre(draft.unassignedLines.map((l) => l.netOre))
  const actual = sumOre(draft.subscriptions.map((s) => s.totalOre)) + unassigned
  const expected = draft.header.payableOre
  const ok = actual === expected

  return {
    code: 'blocks-sum-to-payable',
    ok,
    expectedOre: expected,
    actualOre: actual,
    message: ok
      ? `Abonnementene summerer til å betale: ${formatOre(expected)}`
      : `Abonnementene summerer til ${formatOre(actual)}, men å betale er ` +
        `${formatOre(expected)} (differanse ${formatOre(actual - expected)})`,
  }
}

function headerTotalsAgree(draft: InvoiceDraft): Check {
  const h = draft.header
  const actual = h.vatBaseOre + h.vatFreeOre + h.vatOre
  const ok = actual === h.payableOre

  return {
    code: 'header-totals-agree',
    ok,
    expectedOre: h.payableOre,
    actualOre: actual,
    message: ok
      ? 'Mva-pliktig + mva-fritt + mva = å betale'
      : `Mva-pliktig + mva-fritt + mva er ${formatOre(actual)}, ` +
        `men å betale er ${formatOre(h.payableOre)}`,
  }
}

function blockPartsSumToTotal(block: SubscriptionDraft): Check {
  const actual = block.vatBaseOre + block.vatFreeOre + block.vatOre
  const ok = actual === block.totalOre

  return {
    code: 'block-parts-sum-to-total',
    ok,
    phone: block.phone,
    expectedOre: block.totalOre,
    actualOre: actual,
    message: ok
      ? `${block.phone}: delsummene stemmer med sum denne periode`
      : `${block.phone}: mva-pliktig + mva-fritt + mva er ` +
        `${formatOre(actual)}, men sum denne periode er ` +
        `${formatOre(block.totalOre)}`,
  }
}

/**
 * The lines of a block must add up to the parts the block states, where
 * the source states them (PDF). For subscriptions built from their lines
 * (spreadsheet, EHF) this holds by construction.
 */
function blockLinesSumToParts(block: SubscriptionDraft): Check {
  const standard = block.lines.filter((l) => l.vatCategory === 'standard')
  const exempt = block.lines.filter((l) => l.vatCategory === 'exempt')
  const baseOre = sumOre(standard.map((l) => l.netOre))
  const freeOre = sumOre(exempt.map((l) => l.netOre))
  const ok = baseOre === block.vatBaseOre && freeOre === block.vatFreeOre

  return {
    code: 'block-lines-sum-to-parts',
    ok,
    phone: block.phone,
    expectedOre: block.vatBaseOre + block.vatFreeOre,
    actualOre: baseOre + freeOre,
    message: ok
      ? `${block.phone}: linjene summerer til mva-pliktig og mva-fritt`
      : `${block.phone}: linjene summerer til ${formatOre(baseOre)} ` +
        `mva-pliktig og ${formatOre(freeOre)} mva-fritt, men blokken ` +
        `oppgir ${formatOre(block.vatBaseOre)} og ` +
        `${formatOre(block.vatFreeOre)}`,
  }
}

function blockVatRate(block: SubscriptionDraft): Check {
  // Per-line rounding moves the VAT off 25 % of the base, rounded to
  // whole øre, by up to the tolerance (0,02 on real invoices).
  const expected = vatOnLine(block.vatBaseOre)
  const ok = Math.abs(block.vatOre - expected) <= VAT_TOLERANCE_ORE

  return {
    code: 'block-vat-rate',
    ok,
    phone: block.phone,
    expectedOre: expected,
    actualOre: block.vatOre,
    message: ok
      ? `${block.phone}: mva er 25 % av grunnlaget`
      : `${block.phone}: mva ${formatOre(block.vatOre)} er ikke 25 % av ` +
        `${formatOre(block.vatBaseOre)}`,
  }
}
