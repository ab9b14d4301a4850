import type { AppContext } from '../services/context.js'
import { pruneAuditBefore } from '../store/audit.js'
import { findEmployee } from '../store/register.js'
import {
  deleteClosedRequestsBefore,
  deleteExport,
  deleteSubjectState,
  listExports,
  listSubjectStates,
} from '../store/requests.js'
import {
  allocationsNaming,
  auditEntriesBefore,
  deleteEmployeeRow,
  deleteExpiredSessions,
  deleteInvoiceRows,
  firstAuditEntryFrom,
  invoiceAges,
  leaversBefore,
} from '../store/retention.js'
import { recordAudit } from './audit.js'
import type { AuditActor } from './audit.js'
import { addMonths } from './requests.js'
import { eraseSubject } from './erasure.js'

export interface RetentionCounts {
  invoices: number
  files: number
  exports: number
  sessions: number
  pseudonymised: number
  peopleRemoved: number
  requests: number
  auditEntries: number
}

export interface RetentionReport {
  dryRun: boolean
  at: string
  counts: RetentionCounts
}

const JOB_ACTOR: AuditActor = { userId: null, name: 'retention job' }

/**
 * Deletes what has passed its period, oldest duty first: invoices (with
 * their files) past § 13, then people nothing is kept for any more,
 * leavers past their period (pseudonymised), exports, sessions, closed
 * requests and old audit entries. A dry run counts and changes nothing.
 */
export async function runRetention(
  context: Pick<AppContext, 'db' | 'vault' | 'config'>,
  options: { now?: Date; dryRun?: boolean } = {},
): Promise<RetentionReport> {
  const now = options.now ?? new Date()
  const dryRun = options.dryRun ?? false
  const counts: RetentionCounts = {
    invoices: 0,
    files: 0,
    exports: 0,
    sessions: 0,
    pseudonymised: 0,
    peopleRemoved: 0,
    requests: 0,
    auditEntries: 0,
  }
  await expireInvoices(context, now, dryRun, counts)
  await expireLeavers(context, now, dryRun, counts)
  await removeKeptPeople(context, now, dryRun, counts)
  await expireExports(context, now, dryRun, counts)
  counts.sessions = await deleteExpiredSessions(
    context.db,
    now.toISOString(),
    dryRun,
  )
  counts.requests = await deleteClosedRequestsBefore(
    context.db,
    yearsBefore(now, context.config.retentionRequestYears),
    dryRun,
  )
  await expireAudit(context, now, dryRun, counts)
  if (!dryRun) await auditRun(context, now, counts)

  return { dryRun, at: now.toISOString(), counts }
}

/**
 * An invoice's accounting year is the year of its date; it may go on the
 * first day after that year's end plus the configured years.
 */
export function invoiceExpired(
  issueDate: string,
  now: Date,
  years: number,
): boolean {
  const year = Number(issueDate.slice(0, 4))

  return now.toISOString().slice(0, 10) > `${year + years}-12-31`
}

async function expireInvoices(
  context: Pick<AppContext, 'db' | 'vault' | 'config'>,
  now: Date,
  dryRun: boolean,
  counts: RetentionCounts,
) {
  const years = context.config.retentionInvoiceYears
  for (const invoice of await invoiceAges(context.db)) {
    const date = invoice.issueDate ?? invoice.createdAt
    if (!invoiceExpired(date, now, years)) continue
    counts.invoices++
    if (invoice.fileId) counts.files++
    if (dryRun) continue
    await context.db
      .transaction()
      .execute((trx) => deleteInvoiceRows(trx, invoice.id, invoice.fileId))
    if (invoice.fileId) await context.vault.delete(invoice.fileId)
  }
}

/** Leavers past their period lose their register data to a pseudonym. */
async function expireLeavers(
  context: Pick<AppContext, 'db' | 'vault' | 'config'>,
  now: Date,
  dryRun: boolean,
  counts: RetentionCounts,
) {
  const today = now.toISOString().slice(0, 10)
  const endedBefore = addMonths(today, -context.config.retentionLeaverMonths)
  const erased = new Set(
    (await listSubjectStates(context.db))
      .filter((s) => s.erasedAt)
      .map((s) => s.employeeId),
  )
  for (const id of await leaversBefore(context.db, endedBefore)) {
    if (erased.has(id)) continue
    counts.pseudonymised++
    if (!dryRun) await eraseSubject(context, JOB_ACTOR, id, null, now)
  }
}

/** Erased people whose kept lines are gone, or whose hold has passed. */
async function removeKeptPeople(
  context: Pick<AppContext, 'db'>,
  now: Date,
  dryRun: boolean,
  counts: RetentionCounts,
) {
  const today = now.toISOString().slice(0, 10)
  for (const state of await listSubjectStates(context.db)) {
    if (!state.erasedAt) continue
    if (!(await findEmployee(context.db, state.employeeId))) continue
    const held = await allocationsNaming(context.db, state.employeeId)
    if (held > 0 && (state.keepUntil === null || state.keepUntil >= today)) {
      continue
    }
    counts.peopleRemoved++
    if (dryRun) continue
    await context.db
      .updateTable('allocations')
      .set({ employee_id: null })
      .where('employee_id', '=', state.employeeId)
      .execute()
    await deleteEmployeeRow(context.db, state.employeeId)
    await deleteSubjectState(context.db, state.employeeId)
  }
}

async function expireExports(
  context: Pick<AppContext, 'db' | 'vault'>,
  now: Date,
  dryRun: boolean,
  counts: RetentionCounts,
) {
  const expired = await listExports(context.db, {
    expiredAt: now.toISOString(),
  })
  counts.exports = expired.length
  if (dryRun) return
  for (const e of expired) {
    await context.vault.delete(e.fileId)
    await deleteExport(context.db, e.id)
  }
}

/**
 * Entries older than the period go; the first kept entry's link is
 * stored as the chain's anchor, so `audit verify` still passes.
 */
async function expireAudit(
  context: Pick<AppContext, 'db' | 'config'>,
  now: Date,
  dryRun: boolean,
  counts: RetentionCounts,
) {
  const cutoff = yearsBefore(now, context.config.retentionAuditYears)
  counts.auditEntries = await auditEntriesBefore(context.db, cutoff)
  if (dryRun || counts.auditEntries === 0) return
  const first = await firstAuditEntryFrom(context.db, cutoff)
  if (!first) return
  await context.db
    .transaction()
    .execute((trx) =>
      pruneAuditBefore(trx, first.seq, first.prevHash, now.toISOString()),
    )
}

function yearsBefore(now: Date, years: number): string {
  const date = new Date(now)
  date.setUTCFullYear(date.getUTCFullYear() - years)

  return date.toISOString()
}

/** Counts only: what was deleted is not written down again. */
async function auditRun(
  context: Pick<AppContext, 'db'>,
  now: Date,
  counts: RetentionCounts,
) {
  await recordAudit(
    context,
    {
      actor: JOB_ACTOR,
      action: 'retention.run',
      subjectType: 'retention',
      purpose: 'Bokføringsloven § 13, GDPR art. 5(1)(e)',
      details: { ...counts },
    },
    now,
  )
}

/**
 * Runs the job now and then every `retentionIntervalHours`; the timer
 * does not keep the process alive. Returns a stop function.
 */
export function startRetentionSchedule(
  context: Pick<AppContext, 'db' | 'vault' | 'config' | 'log'>,
): () => void {
  const hours = context.config.retentionIntervalHours
  if (hours === 0) return () => {}
  const run = () => {
    runRetention(context).then(
      (report) => context.log.warn({ counts: report.counts }, 'retention ran'),
      (err: unknown) => context.log.error({ err }, 'retention failed'),
    )
  }
  const timer = setInterval(run, hours * 3_600_000)
  timer.unref()

  return () => clearInterval(timer)
}
