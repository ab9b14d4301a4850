import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import type { InvoiceDraft } from '../domain/invoice.js'
import { sanitiseFilename } from '../ingest/intake/index.js'
import type { AppContext } from '../services/context.js'
import {
  duplicateRefusal,
  insertStoredFile,
  readUpload,
  storeInvoice,
} from '../services/invoices.js'
import type { ReadUpload, UploadOutcome } from '../services/invoices.js'
import type { Db } from '../store/db.js'
import { finishJob, insertJob } from '../store/jobs.js'
import type { Claim, Job } from '../store/jobs.js'
import type { JobHandler, JobRun } from './queue.js'
import { refusalEvent, refusalStatus } from './refusals.js'
import type { RefusedUpload } from './refusals.js'

export const READ_INVOICE = 'read-invoice'

/** What a read-invoice job refers to: the file in the vault, who sent it. */
export interface ReadInvoicePayload {
  fileId: string
  keyId: string
  filename: string
  userId: string | null
  ip: string | null
  route: string | null
  requestId: string | null
}

export interface AcceptedUpload {
  filename: string
  /** The name the intake made safe, kept on the stored file. */
  safeName: string
  bytes: Uint8Array
  userId: string | null
  ip?: string | null
  route?: string | null
  requestId?: string | null
}

/**
 * Keeps an upload that passed the intake: the file sealed in the vault,
 * its row and a pending job in one transaction. From here on the upload
 * is not lost, whichever instance reads it.
 */
export async function acceptInvoiceUpload(
  context: AppContext,
  upload: AcceptedUpload,
): Promise<string> {
  const { db, vault } = context
  const file = await vault.put(upload.bytes)
  const payload: ReadInvoicePayload = {
    fileId: file.id,
    keyId: file.keyId,
    filename: upload.filename,
    userId: upload.userId,
    ip: upload.ip ?? null,
    route: upload.route ?? null,
    requestId: upload.requestId ?? null,
  }
  try {
    return await db.transaction().execute(async (trx) => {
      await insertStoredFile(trx, { ...upload, file })
      return insertJob(trx, { kind: READ_INVOICE, payload })
    })
  } catch (err) {
    await vault.delete(file.id)
    throw err
  }
}

/**
 * Reads the job's file and stores the invoice, its allocation and the
 * job's end in one transaction: an instance that dies half-way stores
 * nothing, and the job is taken up again when its lease runs out. A file
 * that cannot be used ends the job as failed and is deleted.
 */
export function readInvoiceHandler(context: AppContext): JobHandler {
  return async (job, run) => {
    const payload = job.payload as ReadInvoicePayload
    const bytes = await context.vault.get(payload.fileId, payload.keyId)
    await testDelay(context, run)
    const read = await readUpload(context, { ...payload, bytes })
    run.signal.throwIfAborted()

    const outcome = read.ok
      ? await storeRead(context, run.claim, payload, read.upload)
      : await context.db
          .transaction()
          .execute((trx) => refuse(trx, run.claim, payload, read.refusal))
    if (!outcome.ok) await afterRefusal(context, payload, outcome)
    run.log.info({ ok: outcome.ok }, 'read an uploaded invoice')
  }
}

async function storeRead(
  context: AppContext,
  claim: Claim,
  payload: ReadInvoicePayload,
  read: ReadUpload,
): Promise<UploadOutcome> {
  const postgres = context.config.databaseUrl !== null

  return context.db.transaction().execute(async (trx) => {
    if (postgres) await lockInvoiceNumber(trx, read.draft)
    const duplicate = await duplicateRefusal(trx, read.draft)
    if (duplicate) return refuse(trx, claim, payload, duplicate)

    const invoiceId = await storeInvoice(trx, context, read, {
      fileId: payload.fileId,
      userId: payload.userId,
    })
    const { checks, status } = read
    const outcome: UploadOutcome = { ok: true, invoiceId, checks, status }
    await finishJob(trx, claim, { status: 'done', result: outcome, invoiceId })

    return outcome
  })
}

/**
 * Two instances storing the same invoice number at once: the second waits
 * here until the first commits, and then sees a duplicate.
 */
async function lockInvoiceNumber(trx: Db, draft: InvoiceDraft) {
  const key = `invoice:${draft.header.supplier}:${draft.header.number}`
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx)
}

async function refuse(
  trx: Db,
  claim: Claim,
  payload: ReadInvoicePayload,
  refusal: RefusedUpload,
): Promise<RefusedUpload> {
  await trx
    .deleteFrom('stored_files')
    .where('id', '=', payload.fileId)
    .execute()
  await finishJob(trx, claim, {
    status: 'failed',
    result: refusal,
    invoiceId: refusal.invoiceId ?? null,
    error: refusal.problems[0]?.message ?? 'Filen ble ikke tatt imot.',
  })

  return refusal
}

/** Nothing of a refused file is kept; an attempt is a security event. */
async function afterRefusal(
  context: AppContext,
  payload: ReadInvoicePayload,
  refusal: RefusedUpload,
): Promise<void> {
  await context.vault.delete(payload.fileId)
  const event = refusalEvent(refusal)
  if (!event) return

  await context.security.record({
    ...event,
    ip: payload.ip,
    userId: payload.userId,
    details: {
      code: refusal.problems[0]?.code ?? 'unknown',
      file: sanitiseFilename(payload.filename),
      status: refusalStatus(refusal),
      route: payload.route ?? '',
    },
  })
}

async function testDelay(context: AppContext, run: JobRun): Promise<void> {
  const ms = context.config.testJobDelayMs
  if (ms > 0) await sleep(ms, undefined, { signal: run.signal })
}

/**
 * What an upload came to, from its job: null while it is still waiting
 * or being read.
 */
export function uploadOutcomeOf(job: Job): UploadOutcome | null {
  if (job.status === 'done' || (job.status === 'failed' && job.result)) {
    return job.result as UploadOutcome
  }
  if (job.status !== 'failed') return null

  return {
    ok: false,
    reason: 'unreadable',
    problems: [
      {
        code: 'job-failed',
        message: job.error ?? 'Filen kunne ikke leses. Last den opp på nytt.',
      },
    ],
  }
}
