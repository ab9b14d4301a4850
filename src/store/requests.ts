import type { Kysely } from 'kysely'
import type { Db } from './db.js'
import type { Database } from './schema.js'

export interface SubjectRequestTable {
  id: string
  type: string
  employee_id: string
  received_on: string
  due_on: string
  extended_due_on: string | null
  extension_reason: string | null
  status: string
  handled_by: string | null
  notes: string | null
  closed_at: string | null
  created_at: string
  updated_at: string
}

export interface SubjectStateTable {
  employee_id: string
  pseudonym: string
  restricted_at: string | null
  restriction_reason: string | null
  erased_at: string | null
  keep_until: string | null
  updated_at: string
}

export interface SubjectKeyTable {
  employee_id: string
  key: string
  created_at: string
}

export interface SubjectExportTable {
  id: string
  request_id: string
  employee_id: string
  format: string
  file_id: string
  key_id: string
  created_by: string | null
  created_at: string
  expires_at: string
}

export type SubjectTables = {
  subject_requests: SubjectRequestTable
  subject_states: SubjectStateTable
  subject_keys: SubjectKeyTable
  subject_exports: SubjectExportTable
}

export type SubjectDb = Kysely<Database & SubjectTables>

export function subjects(db: Db): SubjectDb {
  return db.withTables<SubjectTables>()
}

/** One request as stored; dates are ISO `YYYY-MM-DD`. */
export interface StoredRequest {
  id: string
  type: string
  employeeId: string
  receivedOn: string
  dueOn: string
  extendedDueOn: string | null
  extensionReason: string | null
  status: string
  handledBy: string | null
  notes: string | null
  closedAt: string | null
  createdAt: string
  updatedAt: string
}

export async function insertRequest(
  db: Db,
  request: StoredRequest,
): Promise<void> {
  await subjects(db)
    .insertInto('subject_requests')
    .values(toRequestRow(request))
    .execute()
}

export async function updateRequest(
  db: Db,
  request: StoredRequest,
): Promise<void> {
  const { id, ...row } = toRequestRow(request)
  await subjects(db)
    .updateTable('subject_requests')
    .set(row)
    .where('id', '=', id)
    .execute()
}

export async function findRequest(
  db: Db,
  id: string,
): Promise<StoredRequest | null> {
  const row = await subjects(db)
    .selectFrom('subject_requests')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()

  return row ? fromRequestRow(row) : null
}

/** Open requests first, soonest deadline first. */
export async function listRequests(
  db: Db,
  employeeId?: string,
): Promise<StoredRequest[]> {
  let query = subjects(db).selectFrom('subject_requests').selectAll()
  if (employeeId) query = query.where('employee_id', '=', employeeId)
  const rows = await query.orderBy('received_on', 'desc').execute()

  return rows.map(fromRequestRow)
}

export async function deleteClosedRequestsBefore(
  db: Db,
  closedBefore: string,
  dryRun: boolean,
): Promise<number> {
  const where = subjects(db)
    .selectFrom('subject_requests')
    .select('id')
    .where('closed_at', 'is not', null)
    .where('closed_at', '<', closedBefore)
  const ids = (await where.execute()).map((r) => r.id)
  if (!dryRun && ids.length > 0) {
    await subjects(db)
      .deleteFrom('subject_requests')
      .where('id', 'in', ids)
      .execute()
  }

  return ids.length
}

export interface SubjectState {
  employeeId: string
  pseudonym: string
  restrictedAt: string | null
  restrictionReason: string | null
  erasedAt: string | null
  keepUntil: string | null
}

export async function findSubjectState(
  db: Db,
  employeeId: string,
): Promise<SubjectState | null> {
  const row = await subjects(db)
    .selectFrom('subject_states')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .executeTakeFirst()

  return row ? fromStateRow(row) : null
}

export async function listSubjectStates(db: Db): Promise<SubjectState[]> {
  const rows = await subjects(db)
    .selectFrom('subject_states')
    .selectAll()
    .execute()

  return rows.map(fromStateRow)
}

export async function saveSubjectState(
  db: Db,
  state: SubjectState,
  at: string,
): Promise<void> {
  const row = {
    employee_id: state.employeeId,
    pseudonym: state.pseudonym,
    restricted_at: state.restrictedAt,
    restriction_reason: state.restrictionReason,
    erased_at: state.erasedAt,
    keep_until: state.keepUntil,
    updated_at: at,
  }
  await subjects(db)
    .insertInto('subject_states')
    .values(row)
    .onConflict((oc) =>
      oc.column('employee_id').doUpdateSet({
        restricted_at: row.restricted_at,
        restriction_reason: row.restriction_reason,
        erased_at: row.erased_at,
        keep_until: row.keep_until,
        updated_at: row.updated_at,
      }),
    )
    .execute()
}

export async function deleteSubjectState(
  db: Db,
  employeeId: string,
): Promise<void> {
  await subjects(db)
    .deleteFrom('subject_states')
    .where('employee_id', '=', employeeId)
    .execute()
}

/** The ids of everyone whose processing is restricted. */
export async function restrictedEmployeeIds(db: Db): Promise<Set<string>> {
  const rows = await subjects(db)
    .selectFrom('subject_states')
    .select('employee_id')
    .where('restricted_at', 'is not', null)
    .execute()

  return new Set(rows.map((r) => r.employee_id))
}

export async function findSubjectKey(
  db: Db,
  employeeId: string,
): Promise<string | null> {
  const row = await subjects(db)
    .selectFrom('subject_keys')
    .select('key')
    .where('employee_id', '=', employeeId)
    .executeTakeFirst()

  return row?.key ?? null
}

export async function insertSubjectKey(
  db: Db,
  employeeId: string,
  key: string,
  at: string,
): Promise<void> {
  await subjects(db)
    .insertInto('subject_keys')
    .values({ employee_id: employeeId, key, created_at: at })
    .onConflict((oc) => oc.column('employee_id').doNothing())
    .execute()
}

/** Writes a new stored form of a known key, e.g. a legacy one re-wrapped. */
export async function replaceSubjectKey(
  db: Db,
  employeeId: string,
  key: string,
): Promise<void> {
  await subjects(db)
    .updateTable('subject_keys')
    .set({ key })
    .where('employee_id', '=', employeeId)
    .execute()
}

export async function deleteSubjectKey(
  db: Db,
  employeeId: string,
): Promise<void> {
  await subjects(db)
    .deleteFrom('subject_keys')
    .where('employee_id', '=', employeeId)
    .execute()
}

export interface StoredExport {
  id: string
  requestId: string
  employeeId: string
  format: 'json' | 'xlsx'
  fileId: string
  keyId: string
  createdBy: string | null
  createdAt: string
  expiresAt: string
}

export async function insertExport(db: Db, e: StoredExport): Promise<void> {
  await subjects(db)
    .insertInto('subject_exports')
    .values({
      id: e.id,
      request_id: e.requestId,
      employee_id: e.employeeId,
      format: e.format,
      file_id: e.fileId,
      key_id: e.keyId,
      created_by: e.createdBy,
      created_at: e.createdAt,
      expires_at: e.expiresAt,
    })
    .execute()
}

export async function listExports(
  db: Db,
  filter: { requestId?: string; employeeId?: string; expiredAt?: string },
): Promise<StoredExport[]> {
  let query = subjects(db).selectFrom('subject_exports').selectAll()
  if (filter.requestId) query = query.where('request_id', '=', filter.requestId)
  if (filter.employeeId) {
    query = query.where('employee_id', '=', filter.employeeId)
  }
  if (filter.expiredAt)
    query = query.where('expires_at', '<=', filter.expiredAt)
  const rows = await query.orderBy('created_at', 'desc').execute()

  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    employeeId: r.employee_id,
    format: r.format === 'xlsx' ? 'xlsx' : 'json',
    fileId: r.file_id,
    keyId: r.key_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  }))
}

export async function findExport(
  db: Db,
  id: string,
): Promise<StoredExport | null> {
  const all = await listExports(db, {})

  return all.find((e) => e.id === id) ?? null
}

export async function deleteExport(db: Db, id: string): Promise<void> {
  await subjects(db)
    .deleteFrom('subject_exports')
    .where('id', '=', id)
    .execute()
}

function toRequestRow(r: StoredRequest): SubjectRequestTable {
  return {
    id: r.id,
    type: r.type,
    employee_id: r.employeeId,
    received_on: r.receivedOn,
    due_on: r.dueOn,
    extended_due_on: r.extendedDueOn,
    extension_reason: r.extensionReason,
    status: r.status,
    handled_by: r.handledBy,
    notes: r.notes,
    closed_at: r.closedAt,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  }
}

function fromRequestRow(row: SubjectRequestTable): StoredRequest {
  return {
    id: row.id,
    type: row.type,
    employeeId: row.employee_id,
    receivedOn: row.received_on,
    dueOn: row.due_on,
    extendedDueOn: row.extended_due_on,
    extensionReason: row.extension_reason,
    status: row.status,
    handledBy: row.handled_by,
    notes: row.notes,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function fromStateRow(row: SubjectStateTable): SubjectState {
  return {
    employeeId: row.employee_id,
    pseudonym: row.pseudonym,
    restrictedAt: row.restricted_at,
    restrictionReason: row.restriction_reason,
    erasedAt: row.erased_at,
    keepUntil: row.keep_until,
  }
}
