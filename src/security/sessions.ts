import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../store/db.js'
import {
  deleteSession,
  deleteUserSessions,
  findSession,
  insertSession,
  listUserSessions,
  touchSession,
} from '../store/sessions.js'
import type { StoredSession } from '../store/sessions.js'

export type { StoredSession } from '../store/sessions.js'

/** The cookie: `__Host-` pins it to this host, path / and Secure. */
export const SESSION_COOKIE = '__Host-telekost'

/**
 * Where sessions live: the database, or Redis when configured. `touch`
 * must never bring back a session deleted since it was read: a slow
 * request that finishes after sign-out would otherwise revive it.
 */
export interface SessionStore {
  create(session: StoredSession): Promise<void>
  find(idHash: string): Promise<StoredSession | null>
  touch(idHash: string, lastSeenAt: string): Promise<void>
  delete(idHash: string): Promise<void>
  deleteForUser(userId: string): Promise<void>
  listForUser(userId: string): Promise<StoredSession[]>
}

/** The store cannot be reached: no sign-in, no page, a clear 503. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the session or counter store cannot be reached', { cause })
    this.name = 'StoreUnavailableError'
  }
}

export interface SessionLimits {
  idleMinutes: number
  absoluteHours: number
}

/** A started session: the id for the cookie and the row as stored. */
export interface StartedSession {
  id: string
  session: StoredSession
}

/**
 * Touching the row on every request is wasted writes; once a minute is
 * plenty, or a quarter of the idle lifetime when that is shorter.
 */
const TOUCH_AFTER_MS = 60_000

export function databaseSessionStore(db: Db): SessionStore {
  return {
    create: (session) => insertSession(db, session),
    find: (idHash) => findSession(db, idHash),
    touch: (idHash, at) => touchSession(db, idHash, at),
    delete: (idHash) => deleteSession(db, idHash),
    deleteForUser: (userId) => deleteUserSessions(db, userId),
    listForUser: (userId) => listUserSessions(db, userId),
  }
}

/**
 * A name for a session that can be shown and posted back: it ends that
 * session for its owner or an administrator but cannot sign anyone in.
 */
export function sessionHandle(session: StoredSession): string {
  return createHash('sha256')
    .update('telekost-session-handle')
    .update(session.idHash)
    .digest('base64url')
    .slice(0, 22)
}

/** Ends one of a user's sessions by its handle; false when none matches. */
export async function endSessionByHandle(
  store: SessionStore,
  userId: string,
  handle: string,
): Promise<boolean> {
  const sessions = await store.listForUser(userId)
  const found = sessions.find((s) => sessionHandle(s) === handle)
  if (!found) return false

  await store.delete(found.idHash)

  return true
}

/** 256 random bits, URL-safe: the only copy leaves in the cookie. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url')
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex')
}

export async function startSession(
  store: SessionStore,
  limits: SessionLimits,
  start: { userId: string; ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<StartedSession> {
  const id = newSessionId()
  const hours = limits.absoluteHours * 3_600_000
  const session: StoredSession = {
    idHash: hashSessionId(id),
    userId: start.userId,
    csrfToken: randomBytes(32).toString('base64url'),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + hours).toISOString(),
    ip: start.ip,
    userAgent: start.userAgent?.slice(0, 300) ?? null,
  }
  await store.create(session)

  return { id, session }
}

/**
 * The live session for a cookie value, or null. A session idle too long
 * or past its absolute cap is deleted on the spot.
 */
export async function resumeSession(
  store: SessionStore,
  limits: SessionLimits,
  id: string,
  now = new Date(),
): Promise<StoredSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null

  const idHash = hashSessionId(id)
  const session = await store.find(idHash)
  if (!session) return null
  if (expired(session, limits, now)) {
    await store.delete(idHash)
    return null
  }
  const lastSeen = Date.parse(session.lastSeenAt)
  const touchAfter = Math.min(TOUCH_AFTER_MS, limits.idleMinutes * 15_000)
  if (now.getTime() - lastSeen >= touchAfter) {
    await store.touch(idHash, now.toISOString())
  }

  return session
}

export async function endSession(
  store: SessionStore,
  id: string,
): Promise<void> {
  await store.delete(hashSessionId(id))
}

function expired(
  session: StoredSession,
  limits: SessionLimits,
  now: Date,
): boolean {
  const idleMs = limits.idleMinutes * 60_000
  const idleSince = Date.parse(session.lastSeenAt)

  return (
    now.getTime() >= Date.parse(session.expiresAt) ||
    now.getTime() - idleSince >= idleMs
  )
}
