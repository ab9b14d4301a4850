import type { IsoDate } from '../domain/invoice.js'
import type { ReportSource } from './source.js'

/** The block above every report: which invoice, from whom, for when. */
export function invoiceHeading(
  source: ReportSource,
): Array<[label: string, value: string]> {
  const { header } = source.invoice

  return [
    ['Fakturanummer', header.number],
    ['Leverandør', header.supplier],
    ['Fakturadato', header.issueDate ? norwegianDate(header.issueDate) : ''],
    ['Periode', invoicePeriod(source)],
  ]
}

/** `2026-11-06` → `06.11.2026`. */
export function norwegianDate(date: IsoDate): string {
  const [year, month, day] = date.split('-')

  return `${day}.${month}.${year}`
}

/** From the first day any line covers to the last. */
function invoicePeriod(source: ReportSource): string {
  const starts: IsoDate[] = []
  const ends: IsoDate[] = []
  for (const line of source.lines.values()) {
    if (line.periodStart) starts.push(line.periodStart)
    if (line.periodEnd) ends.push(line.periodEnd)
  }
  if (starts.length === 0 || ends.length === 0) return ''

  const first = starts.reduce((a, b) => (a < b ? a : b))
  const last = ends.reduce((a, b) => (a > b ? a : b))

  return `${norwegianDate(first)}–${norwegianDate(last)}`
}
