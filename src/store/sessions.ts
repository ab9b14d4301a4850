import type { Selectable } from 'kysely'
import type { Db } from './db.js'
import type { SessionTable } from './schema.js'

/** A session as stored: the id only as its SHA-256. */
export interface StoredSession {
  idHash: string
  userId: string
  csrfToken: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  ip: string | null
  userAgent: string | null
}

export async function insertSession(
  db: Db,
  session: StoredSession,
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute()
}

export async function findSession(
  db: Db,
  idHash: string,
): Promise<StoredSession | null> {
  const row = await db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst()

  return row ? toSession(row) : null
}

export async function listUserSessions(
  db: Db,
  userId: string,
): Promise<StoredSession[]> {
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute()

  return rows.map(toSession)
}

function toSession(row: Selectable<SessionTable>): StoredSession {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
  }
}

/** An UPDATE, never an upsert: a deleted session stays deleted. */
export async function touchSession(
  db: Db,
  idHash: string,
  lastSeenAt: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: lastSeenAt })
    .where('id_hash', '=', idHash)
    .execute()
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
}

export async function deleteUserSessions(
  db: Db,
  userId: string,
): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

export async function deleteExpiredSessions(
  db: Db,
  now: string,
): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute()
}

/** A password checked and a TOTP code awaited: no session, no rights. */
export interface PendingSignIn {
  idHash: string
  userId: string
  csrfToken: string
  attempts: number
  expiresAt: string
}

export async function insertPendingSignIn(
  db: Db,
  pending: PendingSignIn,
): Promise<void> {
  await db
    .insertInto('pending_sign_ins')
    .values({
      id_hash: pending.idHash,
      user_id: pending.userId,
      csrf_token: pending.csrfToken,
      attempts: pending.attempts,
      created_at: new Date().toISOString(),
      expires_at: pending.expiresAt,
    })
    .execute()
}

export async function findPendingSignIn(
  db: Db,
  idHash: string,
): Promise<PendingSignIn | null> {
  const row = await db
    .selectFrom('pending_sign_ins')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst()
  if (!row) return null

  return {
    idHash: row.id_hash,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    attempts: row.attempts,
    expiresAt: row.expires_at,
  }
}

export async function countPendingAttempt(
  db: Db,
  idHash: string,
): Promise<void> {
  await db
    .updateTable('pending_sign_ins')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id_hash', '=', idHash)
    .execute()
}

export async function deletePendingSignIn(
  db: Db,
  idHash: string,
): Promise<void> {
  await db
    .deleteFrom('pending_sign_ins')
    .where('id_hash', '=', idHash)
    .execute()
}
