import { tableToCsv } from './csv.js'
import type { ReportFormat } from './export-file.js'
import type { Table } from './table.js'
import { tableToXlsx } from './xlsx.js'

export async function renderTable(
  table: Table,
  format: ReportFormat,
): Promise<Buffer> {
  return format === 'xlsx' ? tableToXlsx(table) : tableToCsv(table)
}
