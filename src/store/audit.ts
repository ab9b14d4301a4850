import type { Kysely } from 'kysely'
import type { Db } from './db.js'
import type { Database } from './schema.js'

export interface AuditLogTable {
  seq: number
  at: string
  actor_user_id: string | null
  actor_name: string
  action: string
  subject_type: string
  subject_id: string | null
  person_ref: string | null
  purpose: string | null
  details: string
  prev_hash: string
  hash: string
}

export interface AuditAnchorTable {
  id: number
  first_seq: number
  prev_hash: string
  set_at: string
}

type AuditDb = Kysely<
  Database & { audit_log: AuditLogTable; audit_anchor: AuditAnchorTable }
>

/** One stored link of the chain; details stay the canonical JSON text. */
export interface StoredAuditEntry {
  seq: number
  at: string
  actorUserId: string | null
  actorName: string
  action: string
  subjectType: string
  subjectId: string | null
  personRef: string | null
  purpose: string | null
  details: string
  prevHash: string
  hash: string
}

export interface AuditFilter {
  personRef?: string | null
  actorUserId?: string | null
  /** ISO times, inclusive from, exclusive to. */
  from?: string | null
  to?: string | null
  limit?: number
}

function audit(db: Db): AuditDb {
  return db.withTables<{
    audit_log: AuditLogTable
    audit_anchor: AuditAnchorTable
  }>()
}

export async function lastAuditEntry(
  db: Db,
): Promise<{ seq: number; hash: string } | null> {
  const row = await audit(db)
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()

  return row ?? null
}

export async function insertAuditEntry(
  db: Db,
  entry: StoredAuditEntry,
): Promise<void> {
  await audit(db).insertInto('audit_log').values(toRow(entry)).execute()
}

/** Entries after `afterSeq` in chain order, one page at a time. */
export async function auditPage(
  db: Db,
  afterSeq: number,
  size: number,
): Promise<StoredAuditEntry[]> {
  const rows = await audit(db)
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'asc')
    .limit(size)
    .execute()

  return rows.map(fromRow)
}

/** Newest first, narrowed by person, user and time. */
export async function listAuditEntries(
  db: Db,
  filter: AuditFilter,
): Promise<StoredAuditEntry[]> {
  let query = audit(db).selectFrom('audit_log').selectAll()
  if (filter.personRef) query = query.where('person_ref', '=', filter.personRef)
  if (filter.actorUserId) {
    query = query.where('actor_user_id', '=', filter.actorUserId)
  }
  if (filter.from) query = query.where('at', '>=', filter.from)
  if (filter.to) query = query.where('at', '<', filter.to)
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(filter.limit ?? 500)
    .execute()

  return rows.map(fromRow)
}

export async function findAuditAnchor(
  db: Db,
): Promise<{ firstSeq: number; prevHash: string } | null> {
  const row = await audit(db)
    .selectFrom('audit_anchor')
    .select(['first_seq', 'prev_hash'])
    .where('id', '=', 1)
    .executeTakeFirst()

  return row ? { firstSeq: row.first_seq, prevHash: row.prev_hash } : null
}

/**
 * Deletes entries before `firstSeq` and remembers the hash the first kept
 * entry points to, so the rest of the chain still verifies.
 */
export async function pruneAuditBefore(
  db: Db,
  firstSeq: number,
  prevHash: string,
  at: string,
): Promise<number> {
  const deleted = await audit(db)
    .deleteFrom('audit_log')
    .where('seq', '<', firstSeq)
    .executeTakeFirst()
  await audit(db).deleteFrom('audit_anchor').where('id', '=', 1).execute()
  await audit(db)
    .insertInto('audit_anchor')
    .values({ id: 1, first_seq: firstSeq, prev_hash: prevHash, set_at: at })
    .execute()

  return Number(deleted.numDeletedRows)
}

function toRow(entry: StoredAuditEntry): AuditLogTable {
  return {
    seq: entry.seq,
    at: entry.at,
    actor_user_id: entry.actorUserId,
    actor_name: entry.actorName,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    person_ref: entry.personRef,
    purpose: entry.purpose,
    details: entry.details,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  }
}

function fromRow(row: AuditLogTable): StoredAuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    personRef: row.person_ref,
    purpose: row.purpose,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}
