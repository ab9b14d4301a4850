import { randomUUID } from 'node:crypto'
import type { Check } from '../domain/checks.js'
import type {
  InvoiceDraft,
  InvoiceFormat,
  InvoiceHeader,
  InvoiceLine,
  InvoiceStatus,
  VatCategory,
} from '../domain/invoice.js'
import type { Db } from './db.js'
import type { InvoiceLineRow, InvoiceRow, SubscriptionRow } from './schema.js'

export interface Invoice {
  id: string
  format: InvoiceFormat
  fileId: string | null
  header: InvoiceHeader
  status: InvoiceStatus
  checks: Check[]
  acceptance: { by: string; at: string; comment: string } | null
  approval: { by: string; at: string } | null
  uploadedBy: string | null
  createdAt: string
}

export interface StoredSubscription {
  id: string
  phone: string
  user: string
  vatBaseOre: number
  vatFreeOre: number
  vatOre: number
  totalOre: number
}

export interface StoredLine extends InvoiceLine {
  id: string
  subscriptionId: string | null
}

export interface NewInvoice {
  draft: InvoiceDraft
  checks: Check[]
  status: InvoiceStatus
  fileId: string | null
  uploadedBy: string | null
}

/** The ids the new rows got, in the draft's order, for allocation. */
export interface InsertedInvoice {
  id: string
  subscriptionIds: string[]
  lineIds: string[][]
  unassignedLineIds: string[]
}

const LINE_BATCH = 500

export async function insertInvoice(
  db: Db,
  invoice: NewInvoice,
): Promise<InsertedInvoice> {
  const { draft } = invoice
  const id = randomUUID()
  await db.insertInto('invoices').values(invoiceRow(id, invoice)).execute()

  const subscriptionIds = draft.subscriptions.map(() => randomUUID())
  if (subscriptionIds.length > 0) {
    for (const batch of chunks(
      draft.subscriptions.map((s, position) => ({
        id: subscriptionIds[position]!,
        invoice_id: id,
        position,
        phone: s.phone,
        user_name: s.user,
        vat_base_ore: s.vatBaseOre,
        vat_free_ore: s.vatFreeOre,
        vat_ore: s.vatOre,
        total_ore: s.totalOre,
      })),
      LINE_BATCH,
    )) {
      await db.insertInto('subscriptions').values(batch).execute()
    }
  }

  let position = 0
  const lineRows: InvoiceLineRow[] = []
  const lineIds = draft.subscriptions.map((s, i) =>
    s.lines.map((line) => {
      const row = lineRow(id, subscriptionIds[i]!, position++, line)
      lineRows.push(row)
      return row.id
    }),
  )
  const unassignedLineIds = draft.unassignedLines.map((line) => {
    const row = lineRow(id, null, position++, line)
    lineRows.push(row)
    return row.id
  })
  for (const batch of chunks(lineRows, LINE_BATCH)) {
    await db.insertInto('invoice_lines').values(batch).execute()
  }

  return { id, subscriptionIds, lineIds, unassignedLineIds }
}

export async function findInvoice(db: Db, id: string): Promise<Invoice | null> {
  const row = await db
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()

  return row ? toInvoice(row) : null
}

export async function findInvoiceByNumber(
  db: Db,
  supplier: string,
  number: string,
): Promise<Invoice | null> {
  const row = await db
    .selectFrom('invoices')
    .selectAll()
    .where('supplier', '=', supplier)
    .where('number', '=', number)
    .executeTakeFirst()

  return row ? toInvoice(row) : null
}

export async function listInvoices(db: Db): Promise<Invoice[]> {
  const rows = await db
    .selectFrom('invoices')
    .selectAll()
    .orderBy('issue_date', 'desc')
    .orderBy('created_at', 'desc')
    .execute()

  return rows.map(toInvoice)
}

export async function listSubscriptions(
  db: Db,
  invoiceId: string,
): Promise<StoredSubscription[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute()

  return rows.map(toSubscription)
}

export async function listLines(
  db: Db,
  invoiceId: string,
): Promise<StoredLine[]> {
  const rows = await db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute()

  return rows.map(toLine)
}

export async function acceptChecks(
  db: Db,
  id: string,
  by: string,
  comment: string,
): Promise<boolean> {
  const result = await db
    .updateTable('invoices')
    .set({
      accepted_by: by,
      accepted_at: new Date().toISOString(),
      accept_comment: comment,
      status: 'ready',
    })
    .where('id', '=', id)
    .where('status', '=', 'needs_review')
    .executeTakeFirst()

  return result.numUpdatedRows > 0n
}

/** Approves a ready invoice; returns false when it was not ready. */
export async function approveInvoice(
  db: Db,
  id: string,
  by: string,
): Promise<boolean> {
  const result = await db
    .updateTable('invoices')
    .set({
      approved_by: by,
      approved_at: new Date().toISOString(),
      status: 'approved',
    })
    .where('id', '=', id)
    .where('status', '=', 'ready')
    .executeTakeFirst()

  return result.numUpdatedRows > 0n
}

function invoiceRow(id: string, invoice: NewInvoice): InvoiceRow {
  const h = invoice.draft.header

  return {
    id,
    file_id: invoice.fileId,
    format: invoice.draft.format,
    supplier: h.supplier,
    supplier_org_no: h.supplierOrgNo,
    number: h.number,
    customer_number: h.customerNumber,
    kid: h.kid,
    issue_date: h.issueDate,
    due_date: h.dueDate,
    currency: h.currency,
    account: h.account,
    vat_base_ore: h.vatBaseOre,
    vat_free_ore: h.vatFreeOre,
    vat_ore: h.vatOre,
    payable_ore: h.payableOre,
    vat_rounding_ore: h.vatRoundingOre,
    pages: h.pages,
    status: invoice.status,
    checks_json: JSON.stringify(invoice.checks),
    accepted_by: null,
    accepted_at: null,
    accept_comment: null,
    approved_by: null,
    approved_at: null,
    uploaded_by: invoice.uploadedBy,
    created_at: new Date().toISOString(),
  }
}

function lineRow(
  invoiceId: string,
  subscriptionId: string | null,
  position: number,
  line: InvoiceLine,
): InvoiceLineRow {
  return {
    id: randomUUID(),
    invoice_id: invoiceId,
    subscription_id: subscriptionId,
    position,
    section: line.section,
    description: line.description,
    period_start: line.periodStart,
    period_end: line.periodEnd,
    quantity: line.quantity,
    usage: line.usage,
    gross_ore: line.grossOre,
    discount_percent: line.discountPercent,
    discount_ore: line.discountOre,
    net_ore: line.netOre,
    vat_category: line.vatCategory,
    vat_ore: line.vatOre,
  }
}

function toInvoice(row: InvoiceRow): Invoice {
  return {
    id: row.id,
    format: row.format as InvoiceFormat,
    fileId: row.file_id,
    header: {
      supplier: row.supplier,
      supplierOrgNo: row.supplier_org_no,
      number: row.number,
      customerNumber: row.customer_number,
      kid: row.kid,
      issueDate: row.issue_date,
      dueDate: row.due_date,
      currency: row.currency,
      account: row.account,
      vatBaseOre: Number(row.vat_base_ore),
      vatFreeOre: Number(row.vat_free_ore),
      vatOre: Number(row.vat_ore),
      payableOre: Number(row.payable_ore),
      vatRoundingOre:
        row.vat_rounding_ore === null ? null : Number(row.vat_rounding_ore),
      pages: row.pages,
    },
    status: row.status as InvoiceStatus,
    checks: JSON.parse(row.checks_json) as Check[],
    acceptance:
      row.accepted_by && row.accepted_at
        ? {
            by: row.accepted_by,
            at: row.accepted_at,
            comment: row.accept_comment ?? '',
          }
        : null,
    approval:
      row.approved_by && row.approved_at
        ? { by: row.approved_by, at: row.approved_at }
        : null,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  }
}

function toSubscription(row: SubscriptionRow): StoredSubscription {
  return {
    id: row.id,
    phone: row.phone,
    user: row.user_name,
    vatBaseOre: Number(row.vat_base_ore),
    vatFreeOre: Number(row.vat_free_ore),
    vatOre: Number(row.vat_ore),
    totalOre: Number(row.total_ore),
  }
}

function toLine(row: InvoiceLineRow): StoredLine {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    section: row.section,
    description: row.description,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    quantity: row.quantity,
    usage: row.usage,
    grossOre: row.gross_ore === null ? null : Number(row.gross_ore),
    discountPercent: row.discount_percent,
    discountOre: row.discount_ore === null ? null : Number(row.discount_ore),
    netOre: Number(row.net_ore),
    vatCategory: row.vat_category as VatCategory,
    vatOre: row.vat_ore === null ? null : Number(row.vat_ore),
  }
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}
