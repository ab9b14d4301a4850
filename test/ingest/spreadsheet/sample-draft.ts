import { subscriptionFromLines } from '../../../src/domain/draft.js'
import { vatOnLine } from '../../../src/domain/invoice.js'
import type {
  InvoiceDraft,
  InvoiceLine,
  SubscriptionDraft,
} from '../../../src/domain/invoice.js'
import { normalizePhone } from '../../../src/domain/phone.js'
import { sumOre } from '../../../src/domain/money.js'

const SERVICES: Array<[string, string, number]> = [
  ['Bruk', 'Samtaler i utlandet', 26154],
  ['Bruk', 'SMS i utlandet', 4465],
  ['Bruk', '**Strex Katalogtjenester', 5800],
  ['Bruk', 'Data i Norge', 0],
  ['Faste avgifter', 'Dobbel 6 GB', 46247],
  ['Faste avgifter', 'Ring uten tillegg i Norden', 4017],
  ['Faste avgifter', 'Tvilling 1 Klokke-SIM', 1807],
  ['Rabatter', 'Rabatt Telia Bedrift', -5000],
]

/**
 * A made-up invoice of `count` subscriptions, eight lines each, with
 * content lines free of VAT and a credit line, totals computed per line.
 */
export function sampleDraft(count: number): InvoiceDraft {
  const subscriptions = Array.from({ length: count }, (_, i) =>
    sampleSubscription(i),
  )
  const vatBaseOre = sumOre(subscriptions.map((s) => s.vatBaseOre))
  const vatFreeOre = sumOre(subscriptions.map((s) => s.vatFreeOre))
  const vatOre = sumOre(subscriptions.map((s) => s.vatOre))

  return {
    format: 'xlsx',
    header: {
      supplier: 'Telia Norge AS',
      supplierOrgNo: null,
      number: 'INV0123456789',
      customerNumber: '123456785',
      kid: null,
      issueDate: '2026-11-06',
      dueDate: null,
      currency: 'NOK',
      account: null,
      vatBaseOre,
      vatFreeOre,
      vatOre,
      payableOre: vatBaseOre + vatFreeOre + vatOre,
      vatRoundingOre: null,
      pages: null,
    },
    subscriptions,
    unassignedLines: [],
  }
}

function sampleSubscription(i: number): SubscriptionDraft {
  const digits = String(40_000_000 + i * 7919).slice(-8)
  const phone = normalizePhone(`${i % 2 === 0 ? '4' : '9'}${digits.slice(1)}`)
  if (!phone) throw new Error(`no phone for ${i}`)
  const lines = SERVICES.map(([section, description, baseOre], n) =>
    sampleLine(section, description, baseOre === 0 ? 0 : baseOre + i + n),
  )

  return subscriptionFromLines(phone, `Ansatt ${i + 1}`, lines)
}

function sampleLine(
  section: string,
  description: string,
  netOre: number,
): InvoiceLine {
  const exempt = description.startsWith('**')
  const usage = section === 'Bruk'

  return {
    section,
    description,
    periodStart: usage ? '2026-10-06' : '2026-11-06',
    periodEnd: usage ? '2026-11-05' : '2026-12-05',
    quantity: '1',
    usage: description === 'Data i Norge' ? '39.536,461' : null,
    grossOre: netOre,
    discountPercent: null,
    discountOre: 0,
    netOre,
    vatCategory: exempt ? 'exempt' : 'standard',
    vatOre: exempt ? 0 : vatOnLine(netOre),
  }
}
