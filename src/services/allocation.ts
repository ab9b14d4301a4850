import { allocateInvoice } from '../domain/allocation.js'
import type { AllocatableInvoice } from '../domain/allocation.js'
import { replaceAllocations } from '../store/allocations.js'
import type { StoredAllocation } from '../store/allocations.js'
import type { Db } from '../store/db.js'
import { findInvoice, listLines, listSubscriptions } from '../store/invoices.js'
import type { StoredLine } from '../store/invoices.js'
import { allocationAssignments, listNumberRules } from '../store/register.js'

/** An invoice in allocation order, with the stored id of every line. */
interface IdentifiedInvoice extends AllocatableInvoice {
  subscriptionIds: string[]
  lineIds: string[][]
  unassignedLineIds: string[]
}

/**
 * Allocates one stored invoice from scratch against the register as it
 * stands, replacing any earlier allocation. Approved invoices are locked.
 */
export async function allocateStoredInvoice(
  db: Db,
  invoiceId: string,
  suspenseCostCentre: string,
): Promise<void> {
  const invoice = await findInvoice(db, invoiceId)
  if (!invoice) throw new Error(`invoice ${invoiceId} does not exist`)
  if (invoice.status === 'approved')
    throw new Error('an approved invoice is locked')

  const identified = await loadForAllocation(db, invoiceId)
  const fallbackDate =
    invoice.header.issueDate ?? invoice.createdAt.slice(0, 10)
  await allocateIdentified(
    db,
    invoiceId,
    identified,
    suspenseCostCentre,
    fallbackDate,
  )
}

export async function allocateIdentified(
  db: Db,
  invoiceId: string,
  invoice: IdentifiedInvoice,
  suspenseCostCentre: string,
  fallbackDate: string,
): Promise<void> {
  const context = {
    assignments: await allocationAssignments(db),
    rules: await listNumberRules(db),
    suspenseCostCentre,
    fallbackDate,
  }
  const parts = allocateInvoice(invoice, context)
  const rows: StoredAllocation[] = parts.map((p) => {
    const s = p.subscriptionIndex

    return {
      lineId:
        s === null
          ? invoice.unassignedLineIds[p.lineIndex]!
          : invoice.lineIds[s]![p.lineIndex]!,
      subscriptionId: s === null ? null : invoice.subscriptionIds[s]!,
      costCentre: p.costCentre,
      employeeId: p.employeeId,
      basis: p.basis,
      exVatOre: p.exVatOre,
      vatOre: p.vatOre,
    }
  })
  await replaceAllocations(db, invoiceId, rows)
}

async function loadForAllocation(
  db: Db,
  invoiceId: string,
): Promise<IdentifiedInvoice> {
  const subscriptions = await listSubscriptions(db, invoiceId)
  const lines = await listLines(db, invoiceId)
  const bySubscription = new Map<string, StoredLine[]>()
  const unassigned: StoredLine[] = []
  for (const line of lines) {
    if (line.subscriptionId === null) {
      unassigned.push(line)
      continue
    }
    const list = bySubscription.get(line.subscriptionId) ?? []
    list.push(line)
    bySubscription.set(line.subscriptionId, list)
  }
  const linesOf = (id: string): StoredLine[] => bySubscription.get(id) ?? []

  return {
    subscriptions: subscriptions.map((s) => ({
      phone: s.phone,
      vatOre: s.vatOre,
      lines: linesOf(s.id),
    })),
    unassignedLines: unassigned,
    subscriptionIds: subscriptions.map((s) => s.id),
    lineIds: subscriptions.map((s) => linesOf(s.id).map((l) => l.id)),
    unassignedLineIds: unassigned.map((l) => l.id),
  }
}

/** Reallocates every invoice not yet approved, after the register changed. */
export async function reallocateOpenInvoices(
  db: Db,
  suspenseCostCentre: string,
): Promise<number> {
  const open = await db
    .selectFrom('invoices')
    .select('id')
    .where('status', '!=', 'approved')
    .execute()
  for (const { id } of open)
    await allocateStoredInvoice(db, id, suspenseCostCentre)

  return open.length
}
