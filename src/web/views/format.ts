import { formatOre } from '../../domain/money.js'
import type { InvoiceStatus } from '../../domain/invoice.js'
import type { MessageKey } from '../i18n.js'

export const STATUS_LABEL: Record<InvoiceStatus, MessageKey> = {
  needs_review: 'statusNeedsReview',
  ready: 'statusReady',
  approved: 'statusApproved',
}

/** `2026-11-06` → `06.11.2026`, as Norwegian invoices write dates. */
export function formatDate(iso: string | null): string {
  if (!iso) return '–'
  const [y, m, d] = iso.slice(0, 10).split('-')

  return `${d}.${m}.${y}`
}

export function formatDateTime(iso: string): string {
  return `${formatDate(iso)} ${iso.slice(11, 16)}`
}

export function kr(ore: number | null | undefined): string {
  return ore === null || ore === undefined ? '–' : formatOre(ore)
}

/** `+4791234567` → `912 34 567`; other forms as stored. */
export function formatPhone(phone: string): string {
  const m = /^\+47(\d{3})(\d{2})(\d{3})$/.exec(phone)

  return m ? `${m[1]} ${m[2]} ${m[3]}` : phone
}
