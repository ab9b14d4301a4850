import { sumOre } from './money.js'
import { vatOnLine } from './invoice.js'
import type { InvoiceLine, SubscriptionDraft } from './invoice.js'
import type { PhoneNumber } from './phone.js'

/**
 * Builds a subscription from its lines when the source states no block
 * totals of its own (spreadsheets, EHF). VAT is taken per line where the
 * source gives it, otherwise computed per line as Telia does.
 */
export function subscriptionFromLines(
  phone: PhoneNumber,
  user: string,
  lines: InvoiceLine[],
): SubscriptionDraft {
  const standard = lines.filter((l) => l.vatCategory === 'standard')
  const exempt = lines.filter((l) => l.vatCategory === 'exempt')
  const vatBaseOre = sumOre(standard.map((l) => l.netOre))
  const vatFreeOre = sumOre(exempt.map((l) => l.netOre))
  const vatOre = sumOre(standard.map((l) => l.vatOre ?? vatOnLine(l.netOre)))

  return {
    phone,
    user,
    lines,
    vatBaseOre,
    vatFreeOre,
    vatOre,
    totalOre: vatBaseOre + vatFreeOre + vatOre,
  }
}

/** Lines marked `**` are content bought through the bill, free of VAT. */
export function isContentLine(description: string): boolean {
  return description.trimStart().startsWith('**')
}
