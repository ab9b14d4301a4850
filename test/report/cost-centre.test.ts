import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { costCentreReport } from '../../src/report/cost-centre.js'
import { InvoiceNotFoundError } from '../../src/report/errors.js'
import { csvOre, readCsv, tableBelow } from './read-csv.js'
import { openWorkbook, sheetTableBelow } from './read-xlsx.js'
import { novemberExpected, uploadNovember } from './setup.js'
import type { Expected, ReportWorld } from './setup.js'

const EX_VAT = 4
const TOTAL = 6

describe('cost-centre report', () => {
  let world: ReportWorld
  let expected: Expected
  before(async () => {
    world = await uploadNovember()
    expected = await novemberExpected()
  })
  after(() => world.close())

  describe('as CSV', () => {
    async function table() {
      const file = await costCentreReport(world.context, world.invoiceId, 'csv')

      return tableBelow(readCsv(file.body), 'Kostnadssted')
    }

    it('charges each cost centre what expected.json says, ex VAT', async () => {
      const { body } = await table()
      const rows = body.filter((r) => r[0] !== 'Sum')
      const byCode = Object.fromEntries(
        rows.map((r) => [r[0], csvOre(r[EX_VAT]!)]),
      )

      assert.deepEqual(byCode, expected.costCentresExVatOre)
    })

    it("sums to the invoice's amount ex VAT", async () => {
      const total = (await table()).body.find((r) => r[0] === 'Sum')!
      const { vatBaseOre, vatFreeOre } = expected.invoice

      assert.equal(csvOre(total[EX_VAT]!), vatBaseOre + vatFreeOre)
    })

    it('sums to the amount payable, VAT included', async () => {
      const total = (await table()).body.find((r) => r[0] === 'Sum')!

      assert.equal(csvOre(total[TOTAL]!), expected.invoice.payableOre)
    })

    it('heads the table with the invoice number, supplier, date and period', async () => {
      const file = await costCentreReport(world.context, world.invoiceId, 'csv')
      const heading = readCsv(file.body).slice(0, 4)

      assert.deepEqual(heading, [
        ['Fakturanummer', 'INV0589924430'],
        ['Leverandør', 'Telia Norge AS'],
        ['Fakturadato', '06.11.2026'],
        ['Periode', '06.10.2026–05.12.2026'],
      ])
    })

    it('names the file after the invoice, in ASCII', async () => {
      const file = await costCentreReport(world.context, world.invoiceId, 'csv')

      assert.deepEqual(
        [file.filename, file.contentType],
        ['telekost-kostnadssted-INV0589924430.csv', 'text/csv; charset=utf-8'],
      )
    })
  })

  describe('as XLSX', () => {
    async function table() {
      const file = await costCentreReport(
        world.context,
        world.invoiceId,
        'xlsx',
      )

      return sheetTableBelow(await openWorkbook(file.body), 'Kostnadssted')
    }

    it('charges each cost centre what expected.json says, ex VAT', async () => {
      const rows = (await table()).body.filter(
        (r) => r.getCell(1).value !== 'Sum',
      )
      const byCode = Object.fromEntries(
        rows.map((r) => [r.getCell(1).value, oreOf(r.getCell(EX_VAT + 1))]),
      )

      assert.deepEqual(byCode, expected.costCentresExVatOre)
    })

    it("sums to the invoice's amount ex VAT, as a number", async () => {
      const rows = (await table()).body
      const total = rows.find((r) => r.getCell(1).value === 'Sum')!
      const { vatBaseOre, vatFreeOre } = expected.invoice

      assert.equal(oreOf(total.getCell(EX_VAT + 1)), vatBaseOre + vatFreeOre)
    })

    it('names the file after the invoice, with the xlsx type', async () => {
      const file = await costCentreReport(
        world.context,
        world.invoiceId,
        'xlsx',
      )

      assert.equal(file.filename, 'telekost-kostnadssted-INV0589924430.xlsx')
    })
  })

  describe('from the EHF file', () => {
    let ehf: ReportWorld
    before(async () => {
      ehf = await uploadNovember({ file: 'invoice-ehf.xml' })
    })
    after(() => ehf.close())

    it('charges each cost centre what expected.json says, ex VAT', async () => {
      const file = await costCentreReport(ehf.context, ehf.invoiceId, 'csv')
      const { body } = tableBelow(readCsv(file.body), 'Kostnadssted')
      const byCode = Object.fromEntries(
        body
          .filter((r) => r[0] !== 'Sum')
          .map((r) => [r[0], csvOre(r[EX_VAT]!)]),
      )

      assert.deepEqual(byCode, expected.costCentresExVatOre)
    })
  })

  it('refuses an invoice that does not exist', async () => {
    await assert.rejects(
      costCentreReport(world.context, 'no-such-invoice', 'csv'),
      InvoiceNotFoundError,
    )
  })
})

/** The øre in a number cell, which holds kroner. */
function oreOf(cell: ExcelJS.Cell): number {
  assert.equal(cell.type, ExcelJS.ValueType.Number)

  return Math.round((cell.value as number) * 100)
}
