import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { PostgresAdapter, sql } from 'kysely'
import { maskDigits } from '../log.js'
import {
  auditPage,
  findAuditAnchor,
  insertAuditEntry,
  lastAuditEntry,
} from '../store/audit.js'
import type { StoredAuditEntry } from '../store/audit.js'
import type { Db } from '../store/db.js'

/** Who did it: a user, or a named process such as the command line. */
export interface AuditActor {
  userId: string | null
  name: string
}

export type AuditDetails = { [key: string]: AuditValue }
type AuditValue = string | number | boolean | null | AuditValue[] | AuditDetails

export interface AuditInput {
  actor: AuditActor
  action: string
  subjectType: string
  subjectId?: string | null
  /** The employee id when the entry is about a person. */
  personRef?: string | null
  /** Why it was done; a route may give its fixed purpose. */
  purpose?: string | null
  details?: AuditDetails
}

export type AuditEntry = StoredAuditEntry

/** The hash the first entry points back to. */
export const GENESIS_HASH = '0'.repeat(64)

const MAX_ATTEMPTS = 25
// Any number fits; it names the chain's lock among the database's locks.
const CHAIN_LOCK = 730_511_042
const SECRET_KEY = /pass(word)?|token|secret|cookie|otp|session/i
const ID_LIKE =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Appends one entry to the chain. Two writers (two app instances on one
 * PostgreSQL) are serialised by a transaction lock, and the unique seq
 * refuses a second link after the same entry; a refused append retries
 * from the new end of the chain.
 */
export async function recordAudit(
  context: { db: Db },
  input: AuditInput,
  now: Date = new Date(),
): Promise<AuditEntry> {
  const { db } = context
  if (db.isTransaction) return append(db, input, now)

  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => append(trx, input, now))
    } catch (err) {
      if (!isConflict(err) || attempt >= MAX_ATTEMPTS) throw err
      await sleep(Math.floor(Math.random() * 5 * attempt))
    }
  }
}

async function append(db: Db, input: AuditInput, now: Date) {
  if (isPostgres(db)) {
    await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(db)
  }
  const last = await lastAuditEntry(db)
  const anchor = last ? null : await findAuditAnchor(db)
  const entry = sealEntry({
    seq: last ? last.seq + 1 : (anchor?.firstSeq ?? 1),
    at: now.toISOString(),
    actorUserId: input.actor.userId,
    actorName: input.actor.name,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    personRef: input.personRef ?? null,
    purpose: input.purpose ?? null,
    details: canonicalJson(cleanDetails(input.details ?? {})),
    prevHash: last?.hash ?? anchor?.prevHash ?? GENESIS_HASH,
  })
  await insertAuditEntry(db, entry)

  return entry
}

/** Adds the hash over everything else, the link to the one before too. */
export function sealEntry(entry: Omit<AuditEntry, 'hash'>): AuditEntry {
  return { ...entry, hash: hashEntry(entry) }
}

export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actorUserId: entry.actorUserId,
    actorName: entry.actorName,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    personRef: entry.personRef,
    purpose: entry.purpose,
    details: JSON.parse(entry.details) as AuditValue,
    prevHash: entry.prevHash,
  })

  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}

/** JSON with object keys sorted at every depth: one text per value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value

  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key])
  }

  return sorted
}

/**
 * No secret and no phone number in clear: keys that name a secret are
 * redacted, digit runs that could be a phone number are masked. Ids are
 * left as they are, so an entry still points at what it is about.
 */
export function cleanDetails(details: AuditDetails): AuditDetails {
  const clean: AuditDetails = {}
  for (const [key, value] of Object.entries(details)) {
    clean[key] = SECRET_KEY.test(key) ? '[redacted]' : cleanValue(value)
  }

  return clean
}

function cleanValue(value: AuditValue): AuditValue {
  if (Array.isArray(value)) return value.map(cleanValue)
  if (value !== null && typeof value === 'object') return cleanDetails(value)
  if (typeof value !== 'string' || ID_LIKE.test(value)) return value
  // A sealed value is ciphertext; masking digits in it would corrupt it.
  if (value.startsWith('sealed:')) return value

  return maskDigits(value)
}

export type ChainBreak =
  | { kind: 'hash'; seq: number; stored: string; computed: string }
  | { kind: 'link'; seq: number; expected: string; found: string }
  | { kind: 'gap'; seq: number; expected: number }

export interface ChainReport {
  ok: boolean
  checked: number
  lastSeq: number | null
  broken: ChainBreak | null
}

const PAGE = 500

/** Walks the chain in order and stops at the first broken link. */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  const anchor = await findAuditAnchor(db)
  let expectedSeq = anchor?.firstSeq ?? 1
  let prevHash = anchor?.prevHash ?? GENESIS_HASH
  let checked = 0

  for (let page = await auditPage(db, 0, PAGE); page.length > 0;) {
    for (const entry of page) {
      const broken = checkLink(entry, expectedSeq, prevHash)
      if (broken) return { ok: false, checked, lastSeq: null, broken }
      checked++
      expectedSeq = entry.seq + 1
      prevHash = entry.hash
    }
    page = await auditPage(db, page.at(-1)!.seq, PAGE)
  }

  const lastSeq = checked > 0 ? expectedSeq - 1 : null

  return { ok: true, checked, lastSeq, broken: null }
}

function checkLink(
  entry: AuditEntry,
  expectedSeq: number,
  prevHash: string,
): ChainBreak | null {
  if (entry.seq !== expectedSeq) {
    return { kind: 'gap', seq: entry.seq, expected: expectedSeq }
  }
  if (entry.prevHash !== prevHash) {
    return {
      kind: 'link',
      seq: entry.seq,
      expected: prevHash,
      found: entry.prevHash,
    }
  }
  const computed = safeHash(entry)
  if (computed !== entry.hash) {
    return { kind: 'hash', seq: entry.seq, stored: entry.hash, computed }
  }

  return null
}

function safeHash(entry: AuditEntry): string {
  try {
    return hashEntry(entry)
  } catch {
    return 'details-not-json'
  }
}

/** The break in words, for the command line and the security event. */
export function describeBreak(broken: ChainBreak): string {
  switch (broken.kind) {
    case 'gap':
      return (
        `rad ${broken.expected} mangler: kjeden hopper til rad ` +
        `${broken.seq}. Rader er slettet.`
      )
    case 'link':
      return (
        `rad ${broken.seq} peker ikke til raden før: forventet ` +
        `prevHash ${broken.expected}, fant ${broken.found}.`
      )
    case 'hash':
      return (
        `rad ${broken.seq} er endret etter at den ble skrevet: lagret ` +
        `hash ${broken.stored}, beregnet ${broken.computed}.`
      )
  }
}

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** A unique-key clash or a busy SQLite file: someone else appended. */
function isConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code

  return (
    code === '23505' ||
    code === '40001' ||
    code === '40P01' ||
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}
