import { subscriptionFromLines } from '../../../src/domain/draft.js'
import { vatOnLine } from '../../../src/domain/invoice.js'
import type {
  InvoiceDraft,
  InvoiceHeader,
  InvoiceLine,
  SubscriptionDraft,
} from '../../../src/domain/invoice.js'
import { sumOre } from '../../../src/domain/money.js'
import { normalizePhone } from '../../../src/domain/phone.js'
import { pdfReader } from '../../../src/ingest/pdf/index.js'
import { withMod10 } from '../../helpers/generate/invoice.js'
import { renderTeliaPdf } from '../../helpers/generate/pdf.js'
import type { RenderOptions } from '../../helpers/generate/pdf.js'

/** Small hand-made invoices, one quirk at a time. */

export function usage(description: string, netOre: number): InvoiceLine {
  return {
    section: 'Bruk',
    description,
    periodStart: '2026-10-06',
    periodEnd: '2026-11-05',
    quantity: '3',
    usage: null,
    grossOre: netOre,
    discountPercent: '0',
    discountOre: 0,
    netOre,
    vatCategory: description.startsWith('**') ? 'exempt' : 'standard',
    vatOre: null,
  }
}

export function fee(
  description: string,
  grossOre: number,
  discountOre = 0,
  section = 'Faste avgifter',
): InvoiceLine {
  return {
    section,
    description,
    periodStart: '2026-11-06',
    periodEnd: '2026-12-05',
    quantity: '1',
    usage: null,
    grossOre,
    discountPercent: discountOre === 0 ? '0' : '56,11',
    discountOre,
    netOre: grossOre + discountOre,
    vatCategory: 'standard',
    vatOre: null,
  }
}

export function credit(description: string, netOre: number): InvoiceLine {
  return {
    section: 'Rabatter',
    description,
    periodStart: '2026-11-06',
    periodEnd: '2026-11-06',
    quantity: null,
    usage: null,
    grossOre: null,
    discountPercent: null,
    discountOre: null,
    netOre,
    vatCategory: 'standard',
    vatOre: null,
  }
}

export function block(
  user: string,
  number: string,
  lines: InvoiceLine[],
): SubscriptionDraft {
  return subscriptionFromLines(normalizePhone(number)!, user, lines)
}

/** A header whose totals are the blocks' own, as on a real invoice. */
export function invoiceOf(
  subscriptions: SubscriptionDraft[],
  header: Partial<InvoiceHeader> = {},
): InvoiceDraft {
  const vatBaseOre = sumOre(subscriptions.map((s) => s.vatBaseOre))
  const vatOre = sumOre(subscriptions.map((s) => s.vatOre))
  const customerNumber = withMod10('70414451')

  return {
    format: 'pdf',
    header: {
      supplier: 'Telia Norge AS',
      supplierOrgNo: '981929055',
      number: 'INV0123456789',
      customerNumber,
      kid: customerNumber,
      issueDate: '2026-11-06',
      dueDate: '2026-12-06',
      currency: 'NOK',
      account: '86011117947',
      vatBaseOre,
      vatFreeOre: sumOre(subscriptions.map((s) => s.vatFreeOre)),
      vatOre,
      payableOre: sumOre(subscriptions.map((s) => s.totalOre)),
      vatRoundingOre: vatOnLine(vatBaseOre) - vatOre,
      pages: null,
      ...header,
    },
    subscriptions,
    unassignedLines: [],
  }
}

/** A one-subscription invoice with a plan, a call line and a credit. */
export function plainInvoice(): InvoiceDraft {
  return invoiceOf([
    block('Kari Nordmann', '926 01 815', [
      usage('Samtaler i Norge', 6352),
      fee('Dobbel 15 GB', 56547, -31729),
      credit('Dobbel 15 GB', -3649),
    ]),
  ])
}

/** Renders the draft as a Telia PDF and reads it back. */
export async function roundTrip(draft: InvoiceDraft, options?: RenderOptions) {
  const bytes = await renderTeliaPdf(draft, options)

  return pdfReader.read(bytes, {})
}
