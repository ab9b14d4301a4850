import type { Db } from '../../store/db.js'

/** A number charged to suspense on at least one open invoice. */
export interface AttentionItem {
  phone: string
  users: string[]
  invoices: Array<{ id: string; number: string }>
  exVatOre: number
  /** The earliest invoice date, a sensible default for "valid from". */
  firstDate: string | null
}

/**
 * Every number in suspense across invoices not yet approved. The query
 * lives here because it exists only for this page.
 */
export async function attentionList(
  db: Db,
  suspenseCostCentre: string,
): Promise<AttentionItem[]> {
  const rows = await db
    .selectFrom('allocations as a')
    .innerJoin('subscriptions as s', 's.id', 'a.subscription_id')
    .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select((eb) => [
      's.phone',
      's.user_name',
      'i.id',
      'i.number',
      'i.issue_date',
      eb.fn.sum<number | string>('a.ex_vat_ore').as('ex_vat_ore'),
    ])
    .where('i.status', '!=', 'approved')
    .where('a.cost_centre_code', '=', suspenseCostCentre)
    .groupBy(['s.phone', 's.user_name', 'i.id', 'i.number', 'i.issue_date'])
    .orderBy('s.phone')
    .execute()

  const byPhone = new Map<string, AttentionItem>()
  for (const r of rows) {
    const item = byPhone.get(r.phone) ?? newItem(r.phone)
    if (!item.users.includes(r.user_name)) item.users.push(r.user_name)
    item.invoices.push({ id: r.id, number: r.number })
    item.exVatOre += Number(r.ex_vat_ore)
    item.firstDate = earliest(item.firstDate, r.issue_date)
    byPhone.set(r.phone, item)
  }

  return [...byPhone.values()]
}

function newItem(phone: string): AttentionItem {
  return { phone, users: [], invoices: [], exVatOre: 0, firstDate: null }
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a

  return a < b ? a : b
}
