import { vatOnLine } from '../../domain/invoice.js'
import type { InvoiceLine, Problem } from '../../domain/invoice.js'
import { isContentLine } from '../../domain/draft.js'
import type { PhoneNumber } from '../../domain/phone.js'
import { cellText, isBlankRow, normalizeLabel } from './book.js'
import type { CellValue, Row } from './book.js'
import type { ColumnMap } from './columns.js'
import type { SheetField } from './layout.js'
import { cellDate, cellOre, cellPhone, cellString } from './values.js'

export interface SheetLine {
  phone: PhoneNumber
  user: string
  line: InvoiceLine
  invoiceNumber: string | null
  invoiceDate: string | null
}

/** The figures of the last `Sum` row, stated by the file itself. */
export interface StatedTotals {
  netOre: number | null
  vatOre: number | null
  totalOre: number | null
}

export interface SheetLines {
  lines: SheetLine[]
  stated: StatedTotals | null
  problems: Problem[]
}

interface RowReader {
  columns: ColumnMap<SheetField>
  totalWords: Set<string>
  date1904: boolean
}

/**
 * Reads the rows under the header. Blank rows and repeated headings are
 * skipped; total rows are skipped too, but the last `Sum` row's figures
 * are kept as the file's own totals.
 */
export function readLines(
  rows: (Row | undefined)[],
  headerIndex: number,
  reader: RowReader,
): SheetLines {
  const result: SheetLines = { lines: [], stated: null, problems: [] }
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r]
    if (isBlankRow(row)) continue
    readRow(row!, r + 1, reader, result)
  }

  return result
}

function readRow(
  row: Row,
  rowNumber: number,
  reader: RowReader,
  result: SheetLines,
): void {
  const cell = (f: SheetField) => at(row, reader.columns[f])
  const phone = cellPhone(cell('phone'))
  if (!phone) {
    readRowWithoutPhone(row, rowNumber, reader, result)
    return
  }
  if (isTotalText(cellText(cell('description')), reader.totalWords)) return

  const line = readLine(row, rowNumber, reader)
  if ('code' in line) {
    result.problems.push(line)
    return
  }
  result.lines.push({
    phone,
    user: cellText(cell('user')),
    line,
    invoiceNumber: cellString(cell('invoiceNumber')),
    invoiceDate: cellDate(cell('invoiceDate'), reader.date1904),
  })
}

function readRowWithoutPhone(
  row: Row,
  rowNumber: number,
  reader: RowReader,
  result: SheetLines,
): void {
  const cell = (f: SheetField) => at(row, reader.columns[f])
  if (row.some((v) => isTotalText(cellText(v), reader.totalWords))) {
    result.stated = {
      netOre: cellOre(cell('net')),
      vatOre: cellOre(cell('vat')),
      totalOre: cellOre(cell('total')),
    }
    return
  }
  const phoneText = cellText(cell('phone'))
  const amount = cellOre(cell('net')) ?? cellOre(cell('total'))
  // A repeated heading or a note: nothing to lose by leaving it out.
  if (amount === null || amount === 0) return

  result.problems.push(
    phoneText === ''
      ? rowProblem(
          'row-without-phone',
          rowNumber,
          'har beløp, men ikke telefonnummer. Raden er ikke tatt med',
        )
      : rowProblem(
          'phone-unreadable',
          rowNumber,
          `har et telefonnummer som ikke kan leses («${phoneText}»). Raden er ikke tatt med`,
        ),
  )
}

function readLine(
  row: Row,
  rowNumber: number,
  reader: RowReader,
): InvoiceLine | Problem {
  const cell = (f: SheetField) => at(row, reader.columns[f])
  const netOre = lineNet(cell('net'), cell('gross'), cell('discount'))
  if (netOre === null) {
    return rowProblem(
      'amount-unreadable',
      rowNumber,
      `har et beløp som ikke kan leses («${cellText(cell('net'))}»)`,
    )
  }
  const description = cellText(cell('description'))
  const statedVat = cellOre(cell('vat'))
  const exempt =
    isContentLine(description) || (statedVat === 0 && vatOnLine(netOre) !== 0)

  return {
    section: cellText(cell('section')),
    description,
    periodStart: cellDate(cell('periodStart'), reader.date1904),
    periodEnd: cellDate(cell('periodEnd'), reader.date1904),
    quantity: cellString(cell('quantity')),
    usage: cellString(cell('usage')),
    grossOre: cellOre(cell('gross')),
    discountPercent: null,
    discountOre: cellOre(cell('discount')),
    netOre,
    vatCategory: exempt ? 'exempt' : 'standard',
    vatOre: statedVat ?? (exempt ? 0 : vatOnLine(netOre)),
  }
}

/** The net amount, or gross plus discount when no net column is given. */
function lineNet(
  net: CellValue | undefined,
  gross: CellValue | undefined,
  discount: CellValue | undefined,
): number | null {
  if (cellText(net) !== '') return cellOre(net)
  if (cellText(gross) === '') return 0
  const grossOre = cellOre(gross)
  const discountOre = cellText(discount) === '' ? 0 : cellOre(discount)

  return grossOre === null || discountOre === null
    ? null
    : grossOre + discountOre
}

/** `Sum`, `Totalt`, `Sum denne periode`: words that open a total row. */
function isTotalText(text: string, totalWords: Set<string>): boolean {
  if (text === '') return false
  const first = normalizeLabel(text).split(' ')[0] ?? ''

  return totalWords.has(first)
}

function at(row: Row, column: number | undefined): CellValue | undefined {
  return column === undefined ? undefined : row[column]
}

function rowProblem(code: string, rowNumber: number, what: string): Problem {
  return {
    code,
    message: `Rad ${rowNumber} ${what}. Rett raden i filen og last den opp igjen.`,
    detail: JSON.stringify({ row: rowNumber }),
  }
}
