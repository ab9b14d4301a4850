import type { Problem, SubscriptionDraft } from '../../domain/invoice.js'
import { formatOre } from '../../domain/money.js'
import { formatPhone, maskPhone } from '../../domain/phone.js'
import { isBlankRow, normalizeLabel } from './book.js'
import type { Book, Row } from './book.js'
import { findHeader } from './columns.js'
import type { ColumnMap } from './columns.js'
import type { SummaryField } from './layout.js'
import type { ResolvedLayout } from './resolve-layout.js'
import { cellOre, cellPhone } from './values.js'

type Figure = Exclude<SummaryField, 'phone'>

const FIGURES: Record<Figure, keyof SubscriptionDraft> = {
  vatBase: 'vatBaseOre',
  vatFree: 'vatFreeOre',
  vat: 'vatOre',
  total: 'totalOre',
}

/**
 * Compares the per-number totals of the summary sheet (`Oppsummering`)
 * with the subscriptions read from the lines. The lines are what counts;
 * a disagreement is reported, never corrected.
 */
export function crossCheckSummary(
  book: Book,
  layout: ResolvedLayout,
  subscriptions: SubscriptionDraft[],
): Problem[] {
  const summary = layout.summary
  const names = new Set(summary?.sheetNames.map(normalizeLabel))
  const sheet = book.sheets.find((s) => names.has(normalizeLabel(s.name)))
  if (!summary || !sheet) return []
  const header = findHeader(sheet, {
    synonyms: summary.columns,
    required: ['phone'] as const,
  })
  if (!header || header.missing.length > 0) return []

  const stated = statedPerNumber(sheet.rows, header.rowIndex, header.columns)
  const read = new Map(subscriptions.map((s) => [s.phone as string, s]))
  const problems: Problem[] = []
  for (const [phone, figures] of stated) {
    const problem = compare(phone, figures, read.get(phone))
    if (problem) problems.push(problem)
  }
  for (const phone of read.keys()) {
    if (!stated.has(phone)) problems.push(missingFromSummary(phone))
  }

  return problems
}

type Figures = Partial<Record<Figure, number>>

function statedPerNumber(
  rows: (Row | undefined)[],
  headerIndex: number,
  columns: ColumnMap<SummaryField>,
): Map<string, Figures> {
  const stated = new Map<string, Figures>()
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r]
    if (isBlankRow(row)) continue
    const phone = cellPhone(row![columns.phone!])
    if (!phone) continue
    const figures: Figures = {}
    for (const figure of Object.keys(FIGURES) as Figure[]) {
      const column = columns[figure]
      const ore = column === undefined ? null : cellOre(row![column])
      if (ore !== null) figures[figure] = ore
    }
    stated.set(phone, figures)
  }

  return stated
}

function compare(
  phone: string,
  figures: Figures,
  subscription: SubscriptionDraft | undefined,
): Problem | null {
  if (!subscription) return notInLines(phone)
  const differences = (Object.keys(figures) as Figure[])
    .filter((f) => figures[f] !== subscription[FIGURES[f]])
    .map((f) => ({
      field: f,
      statedOre: figures[f]!,
      readOre: subscription[FIGURES[f]] as number,
    }))
  if (differences.length === 0) return null

  const first = differences[0]!
  return {
    code: 'summary-disagrees',
    message:
      `Oppsummeringen oppgir ${formatOre(first.statedOre)} for ` +
      `${formatPhone(phone)}, men linjene summerer til ` +
      `${formatOre(first.readOre)}. Kontroller linjene for nummeret.`,
    detail: JSON.stringify({ phone: maskPhone(phone), differences }),
  }
}

function notInLines(phone: string): Problem {
  return {
    code: 'summary-disagrees',
    message:
      `Oppsummeringen har nummeret ${formatPhone(phone)}, men ` +
      'spesifikasjonen har ingen linjer for det. Kontroller filen.',
    detail: JSON.stringify({ phone: maskPhone(phone), missing: 'lines' }),
  }
}

function missingFromSummary(phone: string): Problem {
  return {
    code: 'summary-disagrees',
    message:
      `Spesifikasjonen har linjer for ${formatPhone(phone)}, men ` +
      'nummeret står ikke i oppsummeringen. Kontroller filen.',
    detail: JSON.stringify({ phone: maskPhone(phone), missing: 'summary' }),
  }
}
