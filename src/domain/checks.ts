import { formatOre, sumOre } from './money.js'
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

function blockVatRate(block: SubscriptionDraft): Check {
  // Compare 4 × VAT with the base to stay in whole øre.
  const deviation = Math.abs(block.vatOre * 4 - block.vatBaseOre)
  const ok = deviation <= VAT_TOLERANCE_ORE * 4

  return {
    code: 'block-vat-rate',
    ok,
    phone: block.phone,
    expectedOre: Math.round(block.vatBaseOre / 4),
    actualOre: block.vatOre,
    message: ok
      ? `${block.phone}: mva er 25 % av grunnlaget`
      : `${block.phone}: mva ${formatOre(block.vatOre)} er ikke 25 % av ` +
        `${formatOre(block.vatBaseOre)}`,
  }
}
