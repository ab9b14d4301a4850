import { randomUUID } from 'node:crypto'
import type { AllocationBasis } from '../domain/allocation.js'
import type { Db } from './db.js'

export interface StoredAllocation {
  lineId: string
  subscriptionId: string | null
  costCentre: string
  employeeId: string | null
  basis: AllocationBasis
  exVatOre: number
  vatOre: number
}

export interface CostCentreTotal {
  costCentre: string
  name: string | null
  exVatOre: number
  vatOre: number
}

/** Replaces an invoice's allocation in one transaction. */
export async function replaceAllocations(
  db: Db,
  invoiceId: string,
  allocations: readonly StoredAllocation[],
): Promise<void> {
  // An upload allocates inside its own transaction; Kysely cannot nest one.
  const inTransaction = db.isTransaction
    ? (work: (trx: Db) => Promise<void>) => work(db)
    : (work: (trx: Db) => Promise<void>) => db.transaction().execute(work)
  await inTransaction(async (trx) => {
    await trx
      .deleteFrom('allocations')
      .where('invoice_id', '=', invoiceId)
      .execute()
    for (let i = 0; i < allocations.length; i += 500) {
      const batch = allocations.slice(i, i + 500).map((a) => ({
        id: randomUUID(),
        invoice_id: invoiceId,
        subscription_id: a.subscriptionId,
        line_id: a.lineId,
        cost_centre_code: a.costCentre,
        employee_id: a.employeeId,
        basis: a.basis,
        ex_vat_ore: a.exVatOre,
        vat_ore: a.vatOre,
      }))
      await trx.insertInto('allocations').values(batch).execute()
    }
  })
}

export async function listAllocations(
  db: Db,
  invoiceId: string,
): Promise<StoredAllocation[]> {
  const rows = await db
    .selectFrom('allocations')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .execute()

  return rows.map((r) => ({
    lineId: r.line_id,
    subscriptionId: r.subscription_id,
    costCentre: r.cost_centre_code,
    employeeId: r.employee_id,
    basis: r.basis as AllocationBasis,
    exVatOre: Number(r.ex_vat_ore),
    vatOre: Number(r.vat_ore),
  }))
}

export async function costCentreTotals(
  db: Db,
  invoiceId: string,
): Promise<CostCentreTotal[]> {
  const rows = await db
    .selectFrom('allocations as a')
    .leftJoin('cost_centres as c', 'c.code', 'a.cost_centre_code')
    .select((eb) => [
      'a.cost_centre_code',
      'c.name',
      eb.fn.sum<number | string>('a.ex_vat_ore').as('ex_vat_ore'),
      eb.fn.sum<number | string>('a.vat_ore').as('vat_ore'),
    ])
    .where('a.invoice_id', '=', invoiceId)
    .groupBy(['a.cost_centre_code', 'c.name'])
    .orderBy('a.cost_centre_code')
    .execute()

  return rows.map((r) => ({
    costCentre: r.cost_centre_code,
    name: r.name ?? null,
    exVatOre: Number(r.ex_vat_ore),
    vatOre: Number(r.vat_ore),
  }))
}

/** The invoice's numbers with anything charged to suspense. */
export async function unmatchedPhones(
  db: Db,
  invoiceId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('allocations as a')
    .innerJoin('subscriptions as s', 's.id', 'a.subscription_id')
    .select('s.phone')
    .distinct()
    .where('a.invoice_id', '=', invoiceId)
    .where('a.basis', '=', 'suspense')
    .orderBy('s.phone')
    .execute()

  return rows.map((r) => r.phone)
}
