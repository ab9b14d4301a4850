import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { subscriptionReport } from '../../src/report/subscription.js'
import { csvOre, readCsv, tableBelow } from './read-csv.js'
import { cellsOf, openWorkbook } from './read-xlsx.js'
import { novemberExpected, uploadNovember } from './setup.js'
import type { ReportWorld } from './setup.js'

/** Frøydis Hansen (926 01 815) and Per Haugen, cost centre 5100. */
const HOSTILE = {
  employeeNames: { '1000': '=HYPERLINK("x")' },
  costCentreNames: { '5100': '@SUM(A1)' },
}

describe('subscription report', () => {
  let world: ReportWorld
  before(async () => {
    world = await uploadNovember(HOSTILE)
  })
  after(() => world.close())

  async function csvTable() {
    const file = await subscriptionReport(world.context, world.invoiceId, 'csv')

    return tableBelow(readCsv(file.body), 'Telefonnummer')
  }

  it('has one row per subscription and a sum row', async () => {
    const { body } = await csvTable()

    assert.equal(body.length, 31)
  })

  it('sums to the amount payable', async () => {
    const total = (await csvTable()).body.at(-1)!
    const expected = await novemberExpected()

    assert.equal(csvOre(total.at(-1)!), expected.invoice.payableOre)
  })

  it('shows each number with its cost centre and employee', async () => {
    const row = (await csvTable()).body.find((r) => r[0] === '939 62 459')!

    assert.deepEqual(row.slice(0, 4), [
      '939 62 459',
      'Per Haugen',
      '5100',
      'Per Haugen',
    ])
  })

  it('neutralises an employee name that starts like a formula', async () => {
    const row = (await csvTable()).body.find((r) => r[0] === '926 01 815')!

    assert.equal(row[3], `'=HYPERLINK("x")`)
  })

  it('writes that name as a plain string in the workbook', async () => {
    const file = await subscriptionReport(
      world.context,
      world.invoiceId,
      'xlsx',
    )
    const cells = cellsOf(await openWorkbook(file.body))
    const cell = cells.find((c) => String(c.value).includes('HYPERLINK'))!

    assert.deepEqual(
      [cell.type, cell.value],
      [ExcelJS.ValueType.String, '=HYPERLINK("x")'],
    )
  })

  it('keeps every amount in the workbook a number', async () => {
    const file = await subscriptionReport(
      world.context,
      world.invoiceId,
      'xlsx',
    )
    const ws = await openWorkbook(file.body)
    const types = new Set<ExcelJS.ValueType>()
    ws.getColumn(8).eachCell((cell, row) => {
      if (row > 6) types.add(cell.type)
    })

    assert.deepEqual([...types], [ExcelJS.ValueType.Number])
  })
})
