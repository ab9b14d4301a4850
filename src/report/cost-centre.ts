import type { AppContext } from '../services/context.js'
import { CONTENT_TYPES, exportFilename } from './export-file.js'
import type { ExportFile, ReportFormat } from './export-file.js'
import { invoiceHeading } from './heading.js'
import { renderTable } from './render.js'
import { loadReportSource } from './source.js'
import type { ReportSource } from './source.js'
import { costCentreName, sumsByCostCentre, totalOf } from './sums.js'
import type { CostCentreSum } from './sums.js'
import { amountColumn, textColumn } from './table.js'
import type { Row, Table } from './table.js'

/**
 * Cost per cost centre for one invoice. The sum row is computed from the
 * øre of the allocation, so it equals the invoice to the øre whenever the
 * invoice reconciles.
 */
export async function costCentreReport(
  context: AppContext,
  invoiceId: string,
  format: ReportFormat,
): Promise<ExportFile> {
  const source = await loadReportSource(context.db, invoiceId)
  const table = costCentreTable(source)

  return {
    filename: exportFilename(
      'kostnadssted',
      source.invoice.header.number,
      format,
    ),
    contentType: CONTENT_TYPES[format],
    body: await renderTable(table, format),
  }
}

export function costCentreTable(source: ReportSource): Table {
  const sums = sumsByCostCentre(source)

  return {
    sheetName: 'Kostnadssteder',
    heading: invoiceHeading(source),
    columns: [
      textColumn('Kostnadssted', 14),
      textColumn('Navn', 30),
      amountColumn('Mva-pliktig'),
      amountColumn('Mva-fritt'),
      amountColumn('Sum ekskl. mva'),
      amountColumn('Mva'),
      amountColumn('Sum inkl. mva'),
    ],
    rows: sums.map((s) => [
      s.code,
      costCentreName(source, s.code),
      ...amounts(s),
    ]),
    total: ['Sum', '', ...amounts(totalOf(sums))],
  }
}

function amounts(sum: CostCentreSum): Row {
  const exVatOre = sum.vatBaseOre + sum.vatFreeOre

  return [
    sum.vatBaseOre,
    sum.vatFreeOre,
    exVatOre,
    sum.vatOre,
    exVatOre + sum.vatOre,
  ]
}
