import ExcelJS from 'exceljs'
import type { Row as SheetRow, Worksheet } from 'exceljs'
import { amountCell, textCell } from './table.js'
import type { Row, Table } from './table.js'

/**
 * A workbook with no formulas in it: every text cell is written as a
 * string, so `=HYPERLINK(…)` in a name stays text, and every amount as a
 * number in kroner. The format code is stored in the file's invariant
 * notation; Excel shows it with the reader's separators (`# ##0,00` in
 * Norway).
 */
export const AMOUNT_FORMAT = '#,##0.00'

export async function tableToXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Telekost'
  const sheet = workbook.addWorksheet(table.sheetName)

  for (const [label, value] of table.heading) {
    const row = sheet.addRow([label, value])
    row.getCell(1).font = { bold: true }
  }
  if (table.heading.length > 0) sheet.addRow([])

  const header = sheet.addRow(table.columns.map((c) => c.title))
  header.font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: header.number }]
  sheet.columns.forEach((column, i) => {
    column.width = table.columns[i]?.width ?? 12
  })

  for (const row of table.rows) writeRow(sheet, table, row)
  if (table.total) writeRow(sheet, table, table.total).font = { bold: true }

  return Buffer.from(await workbook.xlsx.writeBuffer())
}

function writeRow(sheet: Worksheet, table: Table, values: Row): SheetRow {
  const row = sheet.addRow([])
  table.columns.forEach((column, i) => {
    const cell = row.getCell(i + 1)
    const value = values[i] ?? ''
    if (column.kind === 'amount') {
      // Whole øre over 100 is the nearest double to the kroner amount.
      cell.value = amountCell(value) / 100
      cell.numFmt = AMOUNT_FORMAT
    } else {
      cell.value = textCell(value)
    }
  })

  return row
}
