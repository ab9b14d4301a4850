import type { Db } from '../store/db.js'
import { listAllocations } from '../store/allocations.js'
import type { StoredAllocation } from '../store/allocations.js'
import { findInvoice, listLines, listSubscriptions } from '../store/invoices.js'
import type {
  Invoice,
  StoredLine,
  StoredSubscription,
} from '../store/invoices.js'
import { listCostCentres, listEmployees } from '../store/register.js'
import { restrictedEmployeeIds } from '../store/requests.js'
import { InvoiceNotFoundError } from './errors.js'

/** Everything a report about one invoice reads, loaded once. */
export interface ReportSource {
  invoice: Invoice
  subscriptions: StoredSubscription[]
  lines: Map<string, StoredLine>
  allocations: StoredAllocation[]
  costCentreNames: Map<string, string>
  employeeNames: Map<string, string>
}

export async function loadReportSource(
  db: Db,
  invoiceId: string,
): Promise<ReportSource> {
  const invoice = await findInvoice(db, invoiceId)
  if (!invoice) throw new InvoiceNotFoundError(invoiceId)

  const lines = await listLines(db, invoiceId)
  const centres = await listCostCentres(db)
  const employees = await listEmployees(db)
  // A restricted person is named in no report (GDPR art. 18).
  const restricted = await restrictedEmployeeIds(db)

  const allocations = await listAllocations(db, invoiceId)
  const hidden = new Set(
    allocations
      .filter((a) => a.employeeId && restricted.has(a.employeeId))
      .map((a) => a.subscriptionId),
  )
  const subscriptions = (await listSubscriptions(db, invoiceId)).map((s) =>
    hidden.has(s.id) ? { ...s, user: 'Begrenset behandling / Restricted' } : s,
  )

  return {
    invoice,
    subscriptions,
    lines: new Map(lines.map((l) => [l.id, l])),
    allocations,
    costCentreNames: new Map(centres.map((c) => [c.code, c.name])),
    employeeNames: new Map(
      employees.map((e) => [
        e.id,
        restricted.has(e.id) ? 'Begrenset behandling / Restricted' : e.name,
      ]),
    ),
  }
}
