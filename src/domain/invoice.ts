import type { PhoneNumber } from './phone.js'

/** The file formats Telekost reads invoices from. */
export type InvoiceFormat = 'pdf' | 'xlsx' | 'xls' | 'ehf'

/** An ISO date, `2026-11-06`. */
export type IsoDate = string

export interface InvoiceHeader {
  supplier: string
  supplierOrgNo: string | null
  number: string
  /** Kundenummer, which on Telia's invoices doubles as the KID. */
  customerNumber: string | null
  kid: string | null
  issueDate: IsoDate | null
  dueDate: IsoDate | null
  currency: string
  /** The supplier's bank account the amount is paid to. */
  account: string | null
  /** `Mva-pliktig`: the base VAT is charged on. */
  vatBaseOre: number
  /** `Mva-fritt`: content and other charges without VAT. */
  vatFreeOre: number
  vatOre: number
  /** `Å betale`. */
  payableOre: number
  /** Rounding the supplier printed or declared; never reconciled against. */
  vatRoundingOre: number | null
  pages: number | null
}

/** The VAT treatment of one line. */
export type VatCategory = 'standard' | 'exempt'

export interface InvoiceLine {
  /** The section the line stands under: `Bruk`, `Faste avgifter`, … */
  section: string
  description: string
  periodStart: IsoDate | null
  periodEnd: IsoDate | null
  quantity: string | null
  /** Call time or data volume as printed (`00:20:17,4`, `39.536,461`). */
  usage: string | null
  grossOre: number | null
  discountPercent: string | null
  discountOre: number | null
  /** The amount charged, excluding VAT, after any discount. */
  netOre: number
  vatCategory: VatCategory
  /** VAT on this line when the source states or implies it per line. */
  vatOre: number | null
}

export interface SubscriptionDraft {
  phone: PhoneNumber
  /** The user name as the customer's administrator typed it at Telia. */
  user: string
  lines: InvoiceLine[]
  vatBaseOre: number
  vatFreeOre: number
  vatOre: number
  totalOre: number
}

export interface InvoiceDraft {
  format: InvoiceFormat
  header: InvoiceHeader
  subscriptions: SubscriptionDraft[]
  /** Amounts on the invoice that belong to no subscription. */
  unassignedLines: InvoiceLine[]
}

/**
 * Something a reader found wrong with a file, as data: a stable code, a
 * message a user can act on, and a detail for the log.
 */
export interface Problem {
  code: string
  message: string
  detail?: string
}

export type ReadResult =
  | { ok: true; draft: InvoiceDraft; problems: Problem[] }
  | { ok: false; problems: Problem[] }

/** 25 % of the base, rounded half away from zero, per line as Telia does. */
export function vatOnLine(netOre: number): number {
  const sign = netOre < 0 ? -1 : 1
  const abs = Math.abs(netOre)

  return sign * Math.floor((abs * 25 + 50) / 100) || 0
}

/**
 * Where a stored invoice stands. An invoice whose checks fail needs review
 * and cannot be approved until someone accepts the figures with a comment;
 * approval locks it.
 */
export type InvoiceStatus = 'needs_review' | 'ready' | 'approved'
