import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { amountColumn, textColumn } from '../../src/report/table.js'
import type { Table } from '../../src/report/table.js'
import { AMOUNT_FORMAT, tableToXlsx } from '../../src/report/xlsx.js'
import { cellsOf, openWorkbook } from './read-xlsx.js'

const table: Table = {
  sheetName: 'Test',
  heading: [
    ['Fakturanummer', 'INV0000000001'],
    ['Leverandør', '=1+1'],
  ],
  columns: [textColumn('Navn', 30), amountColumn('Beløp')],
  rows: [
    ['=HYPERLINK("x")', 100],
    ['@SUM(A1)', -123456],
  ],
  total: ['Sum', -123356],
}

async function sheet(): Promise<ExcelJS.Worksheet> {
  return openWorkbook(await tableToXlsx(table))
}

describe('XLSX export', () => {
  it('writes text that looks like a formula as a plain string', async () => {
    const ws = await sheet()
    const hostile = cellsOf(ws).filter((c) => /^[=@]/.test(String(c.value)))

    assert.equal(hostile.length, 3)
    for (const cell of hostile)
      assert.equal(cell.type, ExcelJS.ValueType.String)
  })

  it('holds no formula anywhere', async () => {
    const types = cellsOf(await sheet()).map((c) => c.type)

    assert.equal(types.includes(ExcelJS.ValueType.Formula), false)
  })

  it('writes a negative amount as a number in kroner', async () => {
    const cell = (await sheet()).getCell('B6')

    assert.equal(cell.type, ExcelJS.ValueType.Number)
    assert.equal(cell.value, -1234.56)
  })

  it('formats amounts with grouping and two decimals', async () => {
    assert.equal((await sheet()).getCell('B5').numFmt, AMOUNT_FORMAT)
  })

  it('freezes the column header row and sets it in bold', async () => {
    const ws = await sheet()

    assert.deepEqual(
      [ws.views[0]?.state, (ws.views[0] as { ySplit?: number }).ySplit],
      ['frozen', 4],
    )
    assert.equal(ws.getRow(4).getCell(1).font?.bold, true)
  })

  it('sets the column widths', async () => {
    const ws = await sheet()

    assert.deepEqual([ws.getColumn(1).width, ws.getColumn(2).width], [30, 16])
  })
})
