/** A finished export, ready for the web layer to send as an attachment. */
export interface ExportFile {
  /** ASCII only; the web layer builds Content-Disposition from it. */
  filename: string
  contentType: string
  body: Buffer
}

export type ReportFormat = 'xlsx' | 'csv'

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

export type ExportKind = 'kostnadssted' | 'abonnement' | 'regnskap'

/** `telekost-kostnadssted-INV0589924430.xlsx`, whatever the number holds. */
export function exportFilename(
  kind: ExportKind,
  invoiceNumber: string,
  format: ReportFormat,
): string {
  const safe = invoiceNumber.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64)

  return `telekost-${kind}-${safe || 'faktura'}.${format}`
}
