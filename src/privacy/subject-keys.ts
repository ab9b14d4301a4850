import { randomBytes } from 'node:crypto'
import type { AppContext } from '../services/context.js'
import { keyId, open, seal } from '../store/crypto.js'
import {
  findSubjectKey,
  insertSubjectKey,
  replaceSubjectKey,
} from '../store/requests.js'

type KeyContext = Pick<AppContext, 'db' | 'subjectKeyWrap'>

const WRAPPED = /^wrapped:([0-9a-f]{16}):([A-Za-z0-9+/=]+)$/

/**
 * `wrapped:<wrap key id>:<base64 of iv | tag | key>`, AES-256-GCM under a
 * key derived from the master key, bound to the employee id: a copy of
 * the database alone opens nothing, and a row moved to another person
 * does not open either.
 */
export function wrapSubjectKey(
  wrapKey: Buffer,
  employeeId: string,
  key: Buffer,
): string {
  const sealed = seal(wrapKey, key, Buffer.from(employeeId, 'utf8'))

  return `wrapped:${keyId(wrapKey)}:${sealed.toString('base64')}`
}

/** Throws when wrapped under another key or for another person. */
export function unwrapSubjectKey(
  wrapKey: Buffer,
  employeeId: string,
  stored: string,
): Buffer {
  const match = WRAPPED.exec(stored)
  if (!match) throw new Error('the audit key is not wrapped')
  if (match[1] !== keyId(wrapKey)) {
    throw new Error('the audit key is wrapped by another master key')
  }

  return open(
    wrapKey,
    Buffer.from(match[2]!, 'base64'),
    Buffer.from(employeeId, 'utf8'),
  )
}

/**
 * The person's audit key, or null when they have none (never rectified,
 * or erased). A key stored bare, as before wrapping (development
 * databases only; production has none), is read and wrapped in place.
 */
export async function findPersonKey(
  context: KeyContext,
  employeeId: string,
): Promise<Buffer | null> {
  const stored = await findSubjectKey(context.db, employeeId)
  if (stored === null) return null
  if (stored.startsWith('wrapped:')) {
    return unwrapSubjectKey(context.subjectKeyWrap, employeeId, stored)
  }
  const key = Buffer.from(stored, 'base64')
  if (key.length !== 32) throw new Error('the stored audit key is malformed')
  await replaceSubjectKey(
    context.db,
    employeeId,
    wrapSubjectKey(context.subjectKeyWrap, employeeId, key),
  )

  return key
}

/** The person's audit key, made on first use. */
export async function personKey(
  context: KeyContext,
  employeeId: string,
  now: Date = new Date(),
): Promise<Buffer> {
  const known = await findPersonKey(context, employeeId)
  if (known) return known
  const key = randomBytes(32)
  await insertSubjectKey(
    context.db,
    employeeId,
    wrapSubjectKey(context.subjectKeyWrap, employeeId, key),
    now.toISOString(),
  )

  // Two rectifications at once: the first insert wins, both use its key.
  return (await findPersonKey(context, employeeId))!
}
