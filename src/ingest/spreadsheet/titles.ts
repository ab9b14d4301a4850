import type { IsoDate } from '../../domain/invoice.js'
import { cellText, normalizeLabel } from './book.js'
import type { CellValue, Row } from './book.js'
import type { TitleField } from './layout.js'
import { cellDate } from './values.js'

export interface TitleFacts {
  invoiceNumber: string | null
  customerNumber: string | null
  invoiceDate: IsoDate | null
}

/**
 * Facts stated above the header: `Kundenummer: 704144518` in one cell, or
 * the label in one cell and its value in the next.
 */
export function readTitles(
  rows: (Row | undefined)[],
  labels: Record<TitleField, string[]>,
  date1904: boolean,
): TitleFacts {
  const facts: TitleFacts = {
    invoiceNumber: null,
    customerNumber: null,
    invoiceDate: null,
  }
  const fieldOf = labelLookup(labels)
  for (const row of rows) {
    for (let c = 0; c < (row?.length ?? 0); c++) {
      const pair = labelAndValue(row!, c)
      const field = pair && fieldOf.get(normalizeLabel(pair.label))
      if (!field || facts[field] !== null) continue
      facts[field] =
        field === 'invoiceDate'
          ? cellDate(pair.value, date1904)
          : cellText(pair.value) || null
    }
  }

  return facts
}

function labelAndValue(
  row: Row,
  c: number,
): { label: string; value: CellValue | undefined } | null {
  const text = cellText(row[c])
  if (text === '') return null
  const colon = text.indexOf(':')
  if (colon > 0 && colon < text.length - 1) {
    return { label: text.slice(0, colon), value: text.slice(colon + 1).trim() }
  }
  const label = colon > 0 ? text.slice(0, colon) : text

  return { label, value: row[c + 1] }
}

function labelLookup(
  labels: Record<TitleField, string[]>,
): Map<string, TitleField> {
  const lookup = new Map<string, TitleField>()
  for (const [field, words] of Object.entries(labels)) {
    for (const word of words) {
      lookup.set(normalizeLabel(word), field as TitleField)
    }
  }

  return lookup
}
