import type { AppContext } from '../services/context.js'
import {
  findEmployee,
  listAssignments,
  updateEmployee,
} from '../store/register.js'
import {
  deleteExport,
  deleteSubjectKey,
  listExports,
  listRequests,
  saveSubjectState,
  updateRequest,
} from '../store/requests.js'
import {
  candidateLines,
  deleteEmployeeRow,
  deleteSessionsOf,
  pseudonymiseSubscriptions,
  pseudonymiseUsers,
  subscriptionsNamed,
  usersMatching,
} from '../store/retention.js'
import type { PersonLineRow } from '../store/retention.js'
import { recordAudit } from './audit.js'
import type { AuditActor } from './audit.js'
import { subjectState } from './restriction.js'
import { isTheirs } from './subject-export.js'

/** Why what is kept after erasure is kept. */
export const LEGAL_HOLD =
  'Bokføringsloven § 13: regnskapsmateriale oppbevares i fem år etter regnskapsårets slutt'

export interface ErasureReport {
  pseudonym: string
  /** The last day the kept, pseudonymised lines must stay; null if none. */
  keepUntil: string | null
  keptLines: number
  deletedNumbers: number
  deletedExports: number
  endedUsers: number
  removedFromRegister: boolean
}

/**
 * GDPR art. 17. Deleted: e-mail, department, employee number, number
 * history, stored exports, the requests' free text, the person's audit
 * key (sealed values in the trail become unreadable), and sessions of a
 * matching user, whose account is disabled and renamed. Kept, because
 * the accounting law requires it: invoice lines and allocations, with the
 * name and number on them replaced by a pseudonym; processing stays
 * restricted until `keepUntil`. No mapping from pseudonym to person is
 * kept: § 13 needs the amounts and where they were charged, not who.
 */
export async function eraseSubject(
  context: Pick<AppContext, 'db' | 'vault' | 'config'>,
  actor: AuditActor,
  employeeId: string,
  request: { id: string } | null,
  now: Date = new Date(),
): Promise<ErasureReport | null> {
  const { db } = context
  const person = await findEmployee(db, employeeId)
  if (!person) return null
  const state = await subjectState(context, employeeId)
  const numbers = await listAssignments(db, employeeId)
  const phones = [...new Set(numbers.map((n) => n.phone))]
  const candidates = await candidateLines(db, employeeId, phones)
  const lines = candidates.filter((l) => isTheirs(l, employeeId, numbers))
  const keepUntil = keepUntilFor(lines, context.config.retentionInvoiceYears)
  const at = now.toISOString()

  await pseudonymiseInvoices(
    context,
    lines,
    candidates,
    employeeId,
    person.name,
    state.pseudonym,
  )
  const deletedExports = await deleteExportsOf(context, employeeId)
  const endedUsers = await endUsers(context, person, state.pseudonym, at)
  await blankRequestText(context, employeeId, at)
  await deleteSubjectKey(db, employeeId)
  const removed = keepUntil === null
  if (removed) await deleteEmployeeRow(db, employeeId)
  else await keepPseudonymised(context, employeeId, person, state.pseudonym)
  await saveSubjectState(
    db,
    {
      ...state,
      restrictedAt: state.restrictedAt ?? at,
      restrictionReason: LEGAL_HOLD,
      erasedAt: at,
      keepUntil,
    },
    at,
  )
  const report: ErasureReport = {
    pseudonym: state.pseudonym,
    keepUntil,
    keptLines: lines.length,
    deletedNumbers: numbers.length,
    deletedExports,
    endedUsers,
    removedFromRegister: removed,
  }
  await recordAudit(
    context,
    {
      actor,
      action: 'subject.erase',
      subjectType: 'employee',
      subjectId: employeeId,
      personRef: employeeId,
      purpose: 'GDPR art. 17',
      details: { requestId: request?.id ?? null, ...report },
    },
    now,
  )

  return report
}

/** The end of the latest accounting year among the lines, plus § 13's years. */
export function keepUntilFor(
  lines: readonly Pick<PersonLineRow, 'issueDate' | 'periodStart'>[],
  years: number,
): string | null {
  const accountingYears = lines
    .map((l) => (l.issueDate ?? l.periodStart)?.slice(0, 4))
    .filter((y): y is string => Boolean(y))
    .map(Number)
  if (accountingYears.length === 0) return null

  return `${Math.max(...accountingYears) + years}-12-31`
}

/**
 * A subscription wholly theirs loses its number and Telia's user name;
 * a subscription shared with the next holder of the number keeps the
 * number (it is now theirs) and loses only the person's name.
 */
async function pseudonymiseInvoices(
  context: Pick<AppContext, 'db'>,
  lines: readonly PersonLineRow[],
  candidates: readonly PersonLineRow[],
  employeeId: string,
  name: string,
  pseudonym: string,
) {
  const theirs = new Set(lines.map((l) => l.subscriptionId).filter(isId))
  const shared = new Set(
    candidates
      .filter(
        (l) =>
          !lines.includes(l) || l.employeeIds.some((id) => id !== employeeId),
      )
      .map((l) => l.subscriptionId)
      .filter(isId),
  )
  const whole = [...theirs].filter((id) => !shared.has(id))
  await pseudonymiseSubscriptions(context.db, whole, {
    phone: pseudonym,
    userName: pseudonym,
  })
  await pseudonymiseSubscriptions(
    context.db,
    await subscriptionsNamed(context.db, name),
    { userName: pseudonym },
  )
}

function isId(id: string | null): id is string {
  return id !== null
}

async function deleteExportsOf(
  context: Pick<AppContext, 'db' | 'vault'>,
  employeeId: string,
): Promise<number> {
  const exports = await listExports(context.db, { employeeId })
  for (const e of exports) {
    await context.vault.delete(e.fileId)
    await deleteExport(context.db, e.id)
  }

  return exports.length
}

async function endUsers(
  context: Pick<AppContext, 'db'>,
  person: { name: string; email: string | null },
  pseudonym: string,
  at: string,
): Promise<number> {
  const users = await usersMatching(context.db, person)
  await deleteSessionsOf(context.db, users)
  await pseudonymiseUsers(context.db, users, pseudonym, at)

  return users.length
}

/** The request stays as a record that it was handled; its text goes. */
async function blankRequestText(
  context: Pick<AppContext, 'db'>,
  employeeId: string,
  at: string,
) {
  for (const r of await listRequests(context.db, employeeId)) {
    await updateRequest(context.db, {
      ...r,
      notes: null,
      extensionReason: r.extensionReason ? '[slettet]' : null,
      updatedAt: at,
    })
  }
}

async function keepPseudonymised(
  context: Pick<AppContext, 'db'>,
  employeeId: string,
  person: { costCentre: string | null; endDate: string | null },
  pseudonym: string,
) {
  await updateEmployee(context.db, employeeId, {
    employeeNo: null,
    name: pseudonym,
    email: null,
    department: null,
    costCentre: person.costCentre,
    endDate: person.endDate,
  })
  await context.db
    .deleteFrom('phone_assignments')
    .where('employee_id', '=', employeeId)
    .execute()
}
