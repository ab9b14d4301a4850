import { read } from '@e965/xlsx'
import type { CellObject, WorkSheet } from '@e965/xlsx'
import { UPLOAD_LIMITS } from '../limits.js'
import { serialDate, tooLarge } from './book.js'
import type { BookResult, CellValue, Row, Sheet } from './book.js'
import { isDateCode } from './xlsx-styles.js'

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

/**
 * Reads a legacy BIFF `.xls` through the patched SheetJS build. Only a
 * CFB container is accepted, formulas are not evaluated, and reading stops
 * one row past the limit so a huge sheet is refused, not loaded.
 */
export function loadXls(bytes: Uint8Array): BookResult {
  if (!CFB_MAGIC.every((b, i) => bytes[i] === b)) {
    return unreadable('not a CFB container')
  }
  let workbook
  try {
    workbook = read(bytes, {
      type: 'buffer',
      cellFormula: false,
      cellHTML: false,
      dense: true,
      sheetRows: UPLOAD_LIMITS.sheet.maxRows + 1,
    })
  } catch (err) {
    return unreadable(err instanceof Error ? err.message : String(err))
  }
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904)
  const sheets: Sheet[] = []
  for (const name of workbook.SheetNames) {
    const sheet = toSheet(name, workbook.Sheets[name], date1904)
    if (!('rows' in sheet)) return sheet
    sheets.push(sheet)
  }

  return { ok: true, book: { sheets, date1904 } }
}

function toSheet(
  name: string,
  worksheet: WorkSheet | undefined,
  date1904: boolean,
): Sheet | BookResult {
  const data = (worksheet?.['!data'] ?? []) as (CellObject[] | undefined)[]
  const { maxRows, maxColumns } = UPLOAD_LIMITS.sheet
  const rows: (Row | undefined)[] = []
  for (let r = 0; r < data.length; r++) {
    const cells = data[r]
    if (!cells) continue
    const row = toRow(cells, date1904)
    if (row.length === 0) continue
    if (r >= maxRows) return tooLarge(name, 'rader')
    if (row.length > maxColumns) return tooLarge(name, 'kolonner')
    rows[r] = row
  }

  return { name, rows }
}

function toRow(cells: CellObject[], date1904: boolean): Row {
  const row: Row = []
  for (let c = 0; c < cells.length; c++) {
    const value = toValue(cells[c], date1904)
    if (value !== null && value !== '') row[c] = value
  }

  return row
}

function toValue(cell: CellObject | undefined, date1904: boolean): CellValue {
  if (!cell) return null
  switch (cell.t) {
    case 's':
      return String(cell.v ?? '')
    case 'b':
      return Boolean(cell.v)
    case 'd':
      return cell.v instanceof Date ? cell.v : null
    case 'n': {
      const n = Number(cell.v)
      if (typeof cell.z === 'string' && isDateCode(cell.z)) {
        return serialDate(n, date1904)
      }
      return n
    }
  }

  return null
}

function unreadable(detail: string): BookResult {
  return {
    ok: false,
    problems: [
      {
        code: 'xls-unreadable',
        message:
          'Regnearket kan ikke leses: filen er skadet eller ikke en ' +
          'XLS-fil. Lagre den på nytt fra Excel og last den opp igjen.',
        detail,
      },
    ],
  }
}
