import type { Db } from '../../store/db.js'
import { costCentreTotals, unmatchedPhones } from '../../store/allocations.js'
import type { CostCentreTotal } from '../../store/allocations.js'
import {
  findInvoice,
  listInvoices,
  listLines,
  listSubscriptions,
} from '../../store/invoices.js'
import type {
  Invoice,
  StoredLine,
  StoredSubscription,
} from '../../store/invoices.js'
import { NotFoundError } from '../errors.js'
import type { Auth } from '../types.js'

export interface SubscriptionView extends StoredSubscription {
  lines: StoredLine[]
}

export interface InvoiceView {
  invoice: Invoice
  totals: CostCentreTotal[]
  /** Empty for a manager, who sees own cost centres' totals only. */
  subscriptions: SubscriptionView[]
  /** Numbers charged to suspense; empty for a manager. */
  suspensePhones: string[]
  restricted: boolean
}

/** The invoices a user may see: a manager only those touching own centres. */
export async function visibleInvoices(db: Db, auth: Auth): Promise<Invoice[]> {
  const all = await listInvoices(db)
  if (auth.user.role !== 'manager') return all

  const own = await invoicesTouching(db, auth.costCentres)

  return all.filter((i) => own.has(i.id))
}

/** One invoice as its page shows it; 404 when the user may not see it. */
export async function loadInvoiceView(
  db: Db,
  id: string,
  auth: Auth,
): Promise<InvoiceView> {
  const invoice = await findInvoice(db, id)
  if (!invoice) throw new NotFoundError()

  const totals = await costCentreTotals(db, id)
  if (auth.user.role === 'manager') {
    const own = totals.filter((t) => auth.costCentres.includes(t.costCentre))
    if (own.length === 0) throw new NotFoundError()
    return {
      invoice,
      totals: own,
      subscriptions: [],
      suspensePhones: [],
      restricted: true,
    }
  }

  return {
    invoice,
    totals,
    subscriptions: await subscriptionsWithLines(db, id),
    suspensePhones: await unmatchedPhones(db, id),
    restricted: false,
  }
}

async function subscriptionsWithLines(
  db: Db,
  id: string,
): Promise<SubscriptionView[]> {
  const subscriptions = await listSubscriptions(db, id)
  const lines = await listLines(db, id)

  return subscriptions.map((s) => ({
    ...s,
    lines: lines.filter((l) => l.subscriptionId === s.id),
  }))
}

async function invoicesTouching(
  db: Db,
  costCentres: string[],
): Promise<Set<string>> {
  if (costCentres.length === 0) return new Set()

  const rows = await db
    .selectFrom('allocations')
    .select('invoice_id')
    .distinct()
    .where('cost_centre_code', 'in', costCentres)
    .execute()

  return new Set(rows.map((r) => r.invoice_id))
}
