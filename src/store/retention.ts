import { sql } from 'kysely'
import type { Db } from './db.js'

/** One invoice line charged to a person, with where it stands. */
export interface PersonLineRow {
  lineId: string
  invoiceId: string
  invoiceNumber: string
  issueDate: string | null
  subscriptionId: string | null
  phone: string | null
  invoiceUserName: string | null
  section: string
  description: string
  periodStart: string | null
  periodEnd: string | null
  usage: string | null
  netOre: number
  vatOre: number | null
  /** Employees the line's allocations name; empty when none does. */
  employeeIds: string[]
}

/**
 * Lines on the given numbers, and lines whose allocation names the
 * person. The caller decides which of them are the person's.
 */
export async function candidateLines(
  db: Db,
  employeeId: string,
  phones: readonly string[],
): Promise<PersonLineRow[]> {
  const rows = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .leftJoin('subscriptions as s', 's.id', 'l.subscription_id')
    .leftJoin('allocations as a', 'a.line_id', 'l.id')
    .select([
      'l.id',
      'l.invoice_id',
      'i.number',
      'i.issue_date',
      'l.subscription_id',
      's.phone',
      's.user_name',
      'l.section',
      'l.description',
      'l.period_start',
      'l.period_end',
      'l.usage',
      'l.net_ore',
      'l.vat_ore',
      'a.employee_id',
    ])
    .where((eb) =>
      eb.or([
        eb('a.employee_id', '=', employeeId),
        ...(phones.length > 0 ? [eb('s.phone', 'in', [...phones])] : []),
      ]),
    )
    .orderBy('i.issue_date')
    .orderBy('l.position')
    .execute()

  return mergeLines(rows)
}

type CandidateRow = {
  id: string
  invoice_id: string
  number: string
  issue_date: string | null
  subscription_id: string | null
  phone: string | null
  user_name: string | null
  section: string
  description: string
  period_start: string | null
  period_end: string | null
  usage: string | null
  net_ore: number
  vat_ore: number | null
  employee_id: string | null
}

function mergeLines(rows: CandidateRow[]): PersonLineRow[] {
  const byId = new Map<string, PersonLineRow>()
  for (const r of rows) {
    const line = byId.get(r.id) ?? {
      lineId: r.id,
      invoiceId: r.invoice_id,
      invoiceNumber: r.number,
      issueDate: r.issue_date,
      subscriptionId: r.subscription_id,
      phone: r.phone,
      invoiceUserName: r.user_name,
      section: r.section,
      description: r.description,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      usage: r.usage,
      netOre: Number(r.net_ore),
      vatOre: r.vat_ore === null ? null : Number(r.vat_ore),
      employeeIds: [],
    }
    if (r.employee_id && !line.employeeIds.includes(r.employee_id)) {
      line.employeeIds.push(r.employee_id)
    }
    byId.set(r.id, line)
  }

  return [...byId.values()]
}

export interface PersonAllocationRow {
  invoiceId: string
  lineId: string
  costCentre: string
  basis: string
  exVatOre: number
  vatOre: number
}

export async function personAllocations(
  db: Db,
  employeeId: string,
): Promise<PersonAllocationRow[]> {
  const rows = await db
    .selectFrom('allocations')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .orderBy('invoice_id')
    .execute()

  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    lineId: r.line_id,
    costCentre: r.cost_centre_code,
    basis: r.basis,
    exVatOre: Number(r.ex_vat_ore),
    vatOre: Number(r.vat_ore),
  }))
}

/** Rewrites what a subscription shows: the invoice's user name and number. */
export async function pseudonymiseSubscriptions(
  db: Db,
  ids: readonly string[],
  values: { phone?: string; userName: string },
): Promise<void> {
  if (ids.length === 0) return

  await db
    .updateTable('subscriptions')
    .set({
      user_name: values.userName,
      ...(values.phone ? { phone: values.phone } : {}),
    })
    .where('id', 'in', [...ids])
    .execute()
}

/** Subscriptions whose invoice name is the person's, in any case. */
export async function subscriptionsNamed(
  db: Db,
  name: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .select('id')
    .where(sql<string>`lower(trim(user_name))`, '=', name.trim().toLowerCase())
    .execute()

  return rows.map((r) => r.id)
}

/** How many allocations still name the person. */
export async function allocationsNaming(
  db: Db,
  employeeId: string,
): Promise<number> {
  const row = await db
    .selectFrom('allocations')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('employee_id', '=', employeeId)
    .executeTakeFirst()

  return Number(row?.n ?? 0)
}

export interface InvoiceAge {
  id: string
  fileId: string | null
  issueDate: string | null
  createdAt: string
}

export async function invoiceAges(db: Db): Promise<InvoiceAge[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(['id', 'file_id', 'issue_date', 'created_at'])
    .execute()

  return rows.map((r) => ({
    id: r.id,
    fileId: r.file_id,
    issueDate: r.issue_date,
    createdAt: r.created_at,
  }))
}

/**
 * Deletes an invoice with its lines, subscriptions and allocations, and
 * its stored file's row; returns the file's id for the vault.
 */
export async function deleteInvoiceRows(
  db: Db,
  invoiceId: string,
  fileId: string | null,
): Promise<void> {
  await db
    .deleteFrom('allocations')
    .where('invoice_id', '=', invoiceId)
    .execute()
  await db
    .deleteFrom('invoice_lines')
    .where('invoice_id', '=', invoiceId)
    .execute()
  await db
    .deleteFrom('subscriptions')
    .where('invoice_id', '=', invoiceId)
    .execute()
  await db.deleteFrom('invoices').where('id', '=', invoiceId).execute()
  if (fileId) {
    await db.deleteFrom('stored_files').where('id', '=', fileId).execute()
  }
}

/** Stored files of one kind, for the vault to open and check. */
export async function storedFilesOfKind(
  db: Db,
  kind: string,
): Promise<Array<{ id: string; keyId: string }>> {
  const rows = await db
    .selectFrom('stored_files')
    .select(['id', 'key_id'])
    .where('kind', '=', kind)
    .execute()

  return rows.map((r) => ({ id: r.id, keyId: r.key_id }))
}

export async function deleteStoredFileRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('stored_files').where('id', '=', id).execute()
}

/** Sessions and pending sign-ins past their end, counted or deleted. */
export async function deleteExpiredSessions(
  db: Db,
  now: string,
  dryRun: boolean,
): Promise<number> {
  const sessions = await countWhereExpired(db, 'sessions', now)
  const pending = await countWhereExpired(db, 'pending_sign_ins', now)
  if (!dryRun) {
    await db.deleteFrom('sessions').where('expires_at', '<', now).execute()
    await db
      .deleteFrom('pending_sign_ins')
      .where('expires_at', '<', now)
      .execute()
  }

  return sessions + pending
}

async function countWhereExpired(
  db: Db,
  table: 'sessions' | 'pending_sign_ins',
  now: string,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('expires_at', '<', now)
    .executeTakeFirst()

  return Number(row?.n ?? 0)
}

/** Ends every session of the given users. */
export async function deleteSessionsOf(
  db: Db,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return

  await db
    .deleteFrom('sessions')
    .where('user_id', 'in', [...userIds])
    .execute()
  await db
    .deleteFrom('pending_sign_ins')
    .where('user_id', 'in', [...userIds])
    .execute()
}

/** Users who are the person: same e-mail as username, or same name. */
export async function usersMatching(
  db: Db,
  person: { name: string; email: string | null },
): Promise<string[]> {
  const name = person.name.trim().toLowerCase()
  const email = person.email?.trim().toLowerCase() ?? null
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .execute()

  return rows
    .filter(
      (u) =>
        u.display_name.trim().toLowerCase() === name ||
        (email !== null && u.username.trim().toLowerCase() === email),
    )
    .map((u) => u.id)
}

export async function pseudonymiseUsers(
  db: Db,
  userIds: readonly string[],
  pseudonym: string,
  at: string,
): Promise<void> {
  for (const [i, id] of userIds.entries()) {
    await db
      .updateTable('users')
      .set({
        username: `${pseudonym.toLowerCase()}-${i + 1}`,
        display_name: pseudonym,
        disabled_at: at,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute()
  }
}

/** The first audit entry at or after `before`, where the kept chain starts. */
export async function firstAuditEntryFrom(
  db: Db,
  before: string,
): Promise<{ seq: number; prevHash: string } | null> {
  const row = await db
    .withTables<{ audit_log: { seq: number; at: string; prev_hash: string } }>()
    .selectFrom('audit_log')
    .select(['seq', 'prev_hash'])
    .where('at', '>=', before)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst()

  return row ? { seq: Number(row.seq), prevHash: row.prev_hash } : null
}

export async function auditEntriesBefore(
  db: Db,
  before: string,
): Promise<number> {
  const row = await db
    .withTables<{ audit_log: { seq: number; at: string } }>()
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('at', '<', before)
    .executeTakeFirst()

  return Number(row?.n ?? 0)
}

/** Removes a person's register row; their number history goes with it. */
export async function deleteEmployeeRow(db: Db, id: string): Promise<void> {
  await db
    .deleteFrom('phone_assignments')
    .where('employee_id', '=', id)
    .execute()
  await db.deleteFrom('employees').where('id', '=', id).execute()
}

export async function leaversBefore(
  db: Db,
  endedBefore: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('employees')
    .select('id')
    .where('end_date', 'is not', null)
    .where('end_date', '<', endedBefore)
    .execute()

  return rows.map((r) => r.id)
}
