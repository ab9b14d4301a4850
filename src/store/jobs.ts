import { randomUUID } from 'node:crypto'
import type {
  ExpressionBuilder,
  Kysely,
  Transaction,
  UpdateQueryBuilder,
  UpdateResult,
} from 'kysely'
import type { Db } from './db.js'
import type { Database } from './schema.js'

export type JobStatus = 'pending' | 'running' | 'done' | 'failed'

export interface JobTable {
  id: string
  kind: string
  /** JSON: references to what the job works on, never file contents. */
  payload: string
  status: JobStatus
  attempts: number
  lease_until: string | null
  claimed_by: string | null
  /** JSON: what the job came to, for whoever waits on it. */
  result: string | null
  invoice_id: string | null
  error: string | null
  created_at: string
  updated_at: string
  finished_at: string | null
}

export type JobTables = { jobs: JobTable }
export type JobDb = Kysely<Database & JobTables>
type Executor = Kysely<Database> | Transaction<Database>

export interface Job {
  id: string
  kind: string
  payload: unknown
  status: JobStatus
  attempts: number
  leaseUntil: string | null
  claimedBy: string | null
  result: unknown
  invoiceId: string | null
  error: string | null
  createdAt: string
  updatedAt: string
  finishedAt: string | null
}

/** One claim of a job: finishing needs the same instance and attempt. */
export interface Claim {
  id: string
  instanceId: string
  attempt: number
}

export function jobTables(db: Executor): JobDb {
  return db.withTables<JobTables>() as unknown as JobDb
}

/** Adds a pending job; inside the caller's transaction when given one. */
export async function insertJob(
  db: Executor,
  job: { kind: string; payload: unknown },
): Promise<string> {
  const id = randomUUID()
  const now = new Date().toISOString()
  await jobTables(db)
    .insertInto('jobs')
    .values({
      id,
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      status: 'pending',
      attempts: 0,
      lease_until: null,
      claimed_by: null,
      result: null,
      invoice_id: null,
      error: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })
    .execute()

  return id
}

export interface ClaimOptions {
  instanceId: string
  leaseMs: number
  maxAttempts: number
  /** PostgreSQL locks the chosen row and skips rows others have locked. */
  postgres: boolean
  /** Claim this job only; otherwise the oldest claimable one. */
  id?: string
  now?: Date
}

/**
 * Claims one job in one statement: a pending job whose wait is over, or a
 * running one whose lease ran out (its instance died). Two instances
 * claiming at once never get the same job: PostgreSQL skips the row the
 * other has locked, and SQLite has one writer and rechecks the condition
 * in the UPDATE itself.
 */
export async function claimJob(
  db: Db,
  options: ClaimOptions,
): Promise<Job | null> {
  const now = (options.now ?? new Date()).toISOString()
  const lease = new Date(Date.parse(now) + options.leaseMs).toISOString()
  const jobs = jobTables(db)
  let pick = jobs
    .selectFrom('jobs')
    .select('id')
    .where((eb) => claimable(eb, now, options.maxAttempts))
    .orderBy('created_at')
    .limit(1)
  if (options.id) pick = pick.where('id', '=', options.id)
  if (options.postgres) pick = pick.forUpdate().skipLocked()

  const row = await jobs
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      claimed_by: options.instanceId,
      lease_until: lease,
      updated_at: now,
    }))
    .where('id', '=', pick)
    .where((eb) => claimable(eb, now, options.maxAttempts))
    .returningAll()
    .executeTakeFirst()

  return row ? toJob(row) : null
}

type Where = ExpressionBuilder<Database & JobTables, 'jobs'>

function claimable(eb: Where, now: string, maxAttempts: number) {
  return eb.and([
    eb('attempts', '<', maxAttempts),
    eb.or([
      eb.and([
        eb('status', '=', 'pending'),
        eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]),
      ]),
      eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
    ]),
  ])
}

/**
 * Jobs that died with their instance on their last allowed attempt are
 * not tried again: they fail, saying why. Returns how many.
 */
export async function failAbandonedJobs(
  db: Db,
  maxAttempts: number,
  now = new Date(),
): Promise<number> {
  const at = now.toISOString()
  const rows = await jobTables(db)
    .updateTable('jobs')
    .set({
      status: 'failed',
      error:
        `Jobben ble avbrutt ${maxAttempts} ganger uten å bli ferdig, ` +
        'og er stanset. Last opp filen på nytt, eller meld fra om feilen.',
      lease_until: null,
      updated_at: at,
      finished_at: at,
    })
    .where('status', '=', 'running')
    .where('lease_until', '<', at)
    .where('attempts', '>=', maxAttempts)
    .returning('id')
    .execute()

  return rows.length
}

/** Moves the lease on while the claim still holds; false once lost. */
export async function renewLease(
  db: Db,
  claim: Claim,
  leaseMs: number,
): Promise<boolean> {
  const now = new Date()
  const result = await ownClaim(jobTables(db).updateTable('jobs'), claim)
    .set({
      lease_until: new Date(now.getTime() + leaseMs).toISOString(),
      updated_at: now.toISOString(),
    })
    .executeTakeFirst()

  return result.numUpdatedRows > 0n
}

/** The lease was taken over by another instance; nothing may be stored. */
export class LostClaimError extends Error {
  constructor(claim: Claim) {
    super(`job ${claim.id} is no longer claimed by ${claim.instanceId}`)
  }
}

/**
 * Ends a claimed job with its result, inside the transaction that stores
 * what the job made: if the claim was lost meanwhile, this throws and the
 * whole transaction rolls back.
 */
export async function finishJob(
  trx: Executor,
  claim: Claim,
  end: {
    status: 'done' | 'failed'
    result: unknown
    invoiceId?: string | null
    error?: string | null
  },
): Promise<void> {
  const now = new Date().toISOString()
  const result = await ownClaim(jobTables(trx).updateTable('jobs'), claim)
    .set({
      status: end.status,
      result: JSON.stringify(end.result),
      invoice_id: end.invoiceId ?? null,
      error: end.error ?? null,
      lease_until: null,
      updated_at: now,
      finished_at: now,
    })
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new LostClaimError(claim)
}

/**
 * A job that threw: tried again after `retryMs` while attempts remain,
 * else failed with the error. Returns the status it was left in.
 */
export async function recordJobError(
  db: Db,
  claim: Claim,
  error: string,
  options: { maxAttempts: number; retryMs: number },
): Promise<JobStatus> {
  const now = new Date()
  const last = claim.attempt >= options.maxAttempts
  const status: JobStatus = last ? 'failed' : 'pending'
  await ownClaim(jobTables(db).updateTable('jobs'), claim)
    .set({
      status,
      error: last ? giveUpMessage(claim.attempt, error) : error,
      claimed_by: null,
      lease_until: last
        ? null
        : new Date(now.getTime() + options.retryMs).toISOString(),
      updated_at: now.toISOString(),
      finished_at: last ? now.toISOString() : null,
    })
    .execute()

  return status
}

function giveUpMessage(attempts: number, error: string): string {
  return (
    `Filen kunne ikke leses etter ${attempts} forsøk, og jobben er ` +
    `stanset. Last opp filen på nytt, eller meld fra om feilen: ${error}`
  )
}

/** Gives a claimed job back untouched, for another instance to take. */
export async function releaseJob(db: Db, claim: Claim): Promise<void> {
  await ownClaim(jobTables(db).updateTable('jobs'), claim)
    .set((eb) => ({
      status: 'pending',
      attempts: eb('attempts', '-', 1),
      claimed_by: null,
      lease_until: null,
      updated_at: new Date().toISOString(),
    }))
    .execute()
}

type JobUpdate = UpdateQueryBuilder<
  Database & JobTables,
  'jobs',
  'jobs',
  UpdateResult
>

function ownClaim(query: JobUpdate, claim: Claim): JobUpdate {
  return query
    .where('id', '=', claim.id)
    .where('claimed_by', '=', claim.instanceId)
    .where('attempts', '=', claim.attempt)
    .where('status', '=', 'running')
}

export async function findJob(db: Db, id: string): Promise<Job | null> {
  const row = await jobTables(db)
    .selectFrom('jobs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()

  return row ? toJob(row) : null
}

export async function listJobs(db: Db): Promise<Job[]> {
  const rows = await jobTables(db)
    .selectFrom('jobs')
    .selectAll()
    .orderBy('created_at')
    .execute()

  return rows.map(toJob)
}

/** How many jobs are in each status, for the metrics. */
export async function countJobsByStatus(
  db: Db,
): Promise<Record<JobStatus, number>> {
  const rows = await jobTables(db)
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute()
  const counts: Record<JobStatus, number> = {
    pending: 0,
    running: 0,
    done: 0,
    failed: 0,
  }
  for (const row of rows) counts[row.status] = Number(row.n)

  return counts
}

function toJob(row: JobTable): Job {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    attempts: row.attempts,
    leaseUntil: row.lease_until,
    claimedBy: row.claimed_by,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    invoiceId: row.invoice_id,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  }
}
