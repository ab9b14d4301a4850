import { formatPhone } from '../domain/phone.js'
import type { AppContext } from '../services/context.js'
import type { StoredSubscription } from '../store/invoices.js'
import { CONTENT_TYPES, exportFilename } from './export-file.js'
import type { ExportFile, ReportFormat } from './export-file.js'
import { invoiceHeading } from './heading.js'
import { renderTable } from './render.js'
import { loadReportSource } from './source.js'
import type { ReportSource } from './source.js'
import { amountColumn, textColumn } from './table.js'
import type { Row, Table } from './table.js'

/**
 * Cost per subscription, with the cost centres and employees it was
 * charged to. It names people and their numbers: the web layer serves it
 * only to those who may see them, with `Cache-Control: no-store`.
 */
export async function subscriptionReport(
  context: AppContext,
  invoiceId: string,
  format: ReportFormat,
): Promise<ExportFile> {
  const source = await loadReportSource(context.db, invoiceId)
  const table = subscriptionTable(source)

  return {
    filename: exportFilename(
      'abonnement',
      source.invoice.header.number,
      format,
    ),
    contentType: CONTENT_TYPES[format],
    body: await renderTable(table, format),
  }
}

interface Amounts {
  vatBaseOre: number
  vatFreeOre: number
  vatOre: number
  totalOre: number
}

export function subscriptionTable(source: ReportSource): Table {
  const charged = chargedTo(source)
  const rows = source.subscriptions.map((s) => subscriptionRow(s, charged))
  const blocks: Amounts[] = [...source.subscriptions]
  const unassigned = unassignedAmounts(source)
  if (unassigned) {
    rows.push(['', 'Uten abonnement', '', '', ...amountCells(unassigned)])
    blocks.push(unassigned)
  }

  return {
    sheetName: 'Abonnement',
    heading: invoiceHeading(source),
    columns: [
      textColumn('Telefonnummer', 16),
      textColumn('Bruker', 28),
      textColumn('Kostnadssted', 16),
      textColumn('Ansatt', 28),
      amountColumn('Mva-pliktig'),
      amountColumn('Mva-fritt'),
      amountColumn('Mva'),
      amountColumn('Sum inkl. mva'),
    ],
    rows,
    total: ['Sum', '', '', '', ...amountCells(sumAmounts(blocks))],
  }
}

interface Charged {
  costCentres: Set<string>
  employees: Set<string>
}

/** The cost centres and employees each subscription was charged to. */
function chargedTo(source: ReportSource): Map<string, Charged> {
  const bySubscription = new Map<string, Charged>()
  for (const a of source.allocations) {
    if (a.subscriptionId === null) continue
    const charged = bySubscription.get(a.subscriptionId) ?? {
      costCentres: new Set<string>(),
      employees: new Set<string>(),
    }
    charged.costCentres.add(a.costCentre)
    const name = a.employeeId ? source.employeeNames.get(a.employeeId) : null
    if (name) charged.employees.add(name)
    bySubscription.set(a.subscriptionId, charged)
  }

  return bySubscription
}

function subscriptionRow(
  s: StoredSubscription,
  charged: Map<string, Charged>,
): Row {
  const to = charged.get(s.id)

  return [
    formatPhone(s.phone),
    s.user,
    [...(to?.costCentres ?? [])].sort().join(', '),
    [...(to?.employees ?? [])].join(', '),
    ...amountCells(s),
  ]
}

/** Amounts on the invoice outside every subscription, if there are any. */
function unassignedAmounts(source: ReportSource): Amounts | null {
  const own = source.allocations.filter((a) => a.subscriptionId === null)
  if (own.length === 0) return null

  const sum: Amounts = { vatBaseOre: 0, vatFreeOre: 0, vatOre: 0, totalOre: 0 }
  for (const a of own) {
    const exempt = source.lines.get(a.lineId)?.vatCategory === 'exempt'
    if (exempt) sum.vatFreeOre += a.exVatOre
    else sum.vatBaseOre += a.exVatOre
    sum.vatOre += a.vatOre
    sum.totalOre += a.exVatOre + a.vatOre
  }

  return sum
}

function sumAmounts(items: readonly Amounts[]): Amounts {
  const sum: Amounts = { vatBaseOre: 0, vatFreeOre: 0, vatOre: 0, totalOre: 0 }
  for (const a of items) {
    sum.vatBaseOre += a.vatBaseOre
    sum.vatFreeOre += a.vatFreeOre
    sum.vatOre += a.vatOre
    sum.totalOre += a.totalOre
  }

  return sum
}

function amountCells(a: Amounts): Row {
  return [a.vatBaseOre, a.vatFreeOre, a.vatOre, a.totalOre]
}
