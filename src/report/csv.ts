import { amountCell, textCell } from './table.js'
import type { Row, Table } from './table.js'

/**
 * CSV the way Excel in Norway opens it: `;` between cells, UTF-8 with a
 * byte order mark, CRLF, amounts with a decimal comma. Text that a
 * spreadsheet would take for a formula gets a leading `'`; amounts are
 * plain numerals, so a credit stays a number.
 */
const BOM = '\ufeff'
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[;"\r\n]/

export function tableToCsv(table: Table): Buffer {
  const lines: string[][] = table.heading.map(([label, value]) => [
    csvText(label),
    csvText(value),
  ])
  if (lines.length > 0) lines.push([])
  lines.push(table.columns.map((c) => csvText(c.title)))
  for (const row of table.rows) lines.push(csvRow(table, row))
  if (table.total) lines.push(csvRow(table, table.total))

  return csvDocument(lines)
}

/** Cells already escaped, one array per line. */
export function csvDocument(lines: readonly string[][]): Buffer {
  const text = lines.map((cells) => `${cells.join(';')}\r\n`).join('')

  return Buffer.from(BOM + text, 'utf8')
}

export function csvRow(table: Table, row: Row): string[] {
  return table.columns.map((column, i) => {
    const value = row[i] ?? ''

    return column.kind === 'amount'
      ? csvAmount(amountCell(value))
      : csvText(textCell(value))
  })
}

/** Neutralises a would-be formula, then quotes when the text needs it. */
export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value

  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** `-123456` → `-1234,56`: no grouping, so every reader sees a number. */
export function csvAmount(ore: number): string {
  const sign = ore < 0 ? '-' : ''
  const abs = Math.abs(ore)
  const kroner = Math.floor(abs / 100)

  return `${sign}${kroner},${String(abs % 100).padStart(2, '0')}`
}
