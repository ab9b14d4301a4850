import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { csvAmount, csvText, tableToCsv } from '../../src/report/csv.js'
import { amountColumn, textColumn } from '../../src/report/table.js'
import type { Table } from '../../src/report/table.js'
import { readCsv } from './read-csv.js'

function table(rows: Table['rows']): Table {
  return {
    sheetName: 'Test',
    heading: [['Fakturanummer', 'INV0000000001']],
    columns: [textColumn('Navn', 20), amountColumn('Beløp')],
    rows,
    total: null,
  }
}

describe('CSV export', () => {
  for (const start of ['=', '+', '-', '@', '\t', '\r']) {
    it(`neutralises text starting with ${JSON.stringify(start)}`, () => {
      const cell = csvText(`${start}SUM(A1)`)

      assert.ok(cell.replace(/^"/, '').startsWith(`'${start}`))
    })
  }

  it('leaves ordinary text as it is', () => {
    assert.equal(
      csvText('Frøydis Hansen - Servicebil'),
      'Frøydis Hansen - Servicebil',
    )
  })

  it('reads a hostile name back as one neutralised cell', () => {
    const rows = readCsv(tableToCsv(table([['=HYPERLINK("x");1', 100]])))

    assert.equal(rows.at(-1)![0], `'=HYPERLINK("x");1`)
  })

  it('writes a negative amount as a plain numeral', () => {
    const rows = readCsv(tableToCsv(table([['Kreditering', -123456]])))

    assert.equal(rows.at(-1)![1], '-1234,56')
  })

  it('writes amounts with a decimal comma and no grouping', () => {
    assert.deepEqual([0, 5, -5, 100, 123456789].map(csvAmount), [
      '0,00',
      '0,05',
      '-0,05',
      '1,00',
      '1234567,89',
    ])
  })

  it('starts with a byte order mark and ends every line with CRLF', () => {
    const text = tableToCsv(table([['A', 1]])).toString('utf8')

    assert.ok(text.startsWith('\ufeffFakturanummer;INV0000000001\r\n\r\n'))
    assert.equal(text.replaceAll('\r\n', '').includes('\n'), false)
  })

  it('refuses an amount that is not whole øre', () => {
    assert.throws(() => tableToCsv(table([['A', 1.5]])), TypeError)
  })
})
