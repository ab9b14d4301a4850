import { randomBytes } from 'node:crypto'
import type { Problem } from '../domain/invoice.js'
import type { AppContext } from '../services/context.js'
import {
  findSubjectState,
  restrictedEmployeeIds,
  saveSubjectState,
} from '../store/requests.js'
import type { SubjectState } from '../store/requests.js'
import { recordAudit } from './audit.js'
import type { AuditActor } from './audit.js'

/** What screens and exports show instead of a restricted person's name. */
export const RESTRICTED_LABEL = 'Begrenset behandling / Restricted'

/** `Person-7f3a91c2`: random, so it says nothing about whom it replaces. */
export function newPseudonym(): string {
  return `Person-${randomBytes(4).toString('hex')}`
}

/** The person's state, or a fresh one with a pseudonym kept from now on. */
export async function subjectState(
  context: Pick<AppContext, 'db'>,
  employeeId: string,
): Promise<SubjectState> {
  const state = await findSubjectState(context.db, employeeId)

  return (
    state ?? {
      employeeId,
      pseudonym: newPseudonym(),
      restrictedAt: null,
      restrictionReason: null,
      erasedAt: null,
      keepUntil: null,
    }
  )
}

/** Art. 18(1) names the grounds; the one that applies is recorded. */
export function restrictionReasonProblem(reason: string): Problem | null {
  if (reason.trim() !== '') return null

  return {
    code: 'restriction-reason',
    message:
      'Skriv hvorfor behandlingen begrenses, for eksempel at personen bestrider at opplysningene er riktige.',
  }
}

/**
 * GDPR art. 18: from now on the person's data is only stored and used
 * for what the accounting law requires; screens say so.
 */
export async function restrictProcessing(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  employeeId: string,
  reason: string,
  now: Date = new Date(),
): Promise<SubjectState> {
  const state = await subjectState(context, employeeId)
  const next = {
    ...state,
    restrictedAt: state.restrictedAt ?? now.toISOString(),
    restrictionReason: reason.trim() || 'GDPR art. 18',
  }
  await saveSubjectState(context.db, next, now.toISOString())
  await auditRestriction(context, actor, employeeId, 'restrict', now)

  return next
}

/** Lifts a restriction; an erased person stays restricted for good. */
export async function liftRestriction(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  employeeId: string,
  now: Date = new Date(),
): Promise<SubjectState | null> {
  const state = await findSubjectState(context.db, employeeId)
  if (!state || state.erasedAt) return state
  const next = { ...state, restrictedAt: null, restrictionReason: null }
  await saveSubjectState(context.db, next, now.toISOString())
  await auditRestriction(context, actor, employeeId, 'lift', now)

  return next
}

async function auditRestriction(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  employeeId: string,
  what: 'restrict' | 'lift',
  now: Date,
) {
  await recordAudit(
    context,
    {
      actor,
      action: `subject.${what}-restriction`,
      subjectType: 'employee',
      subjectId: employeeId,
      personRef: employeeId,
      purpose: 'GDPR art. 18',
    },
    now,
  )
}

export async function isRestricted(
  context: Pick<AppContext, 'db'>,
  employeeId: string,
): Promise<boolean> {
  const state = await findSubjectState(context.db, employeeId)

  return Boolean(state?.restrictedAt)
}

/** Everyone restricted, for lists and reports to mask in one look-up. */
export async function restrictedPeople(
  context: Pick<AppContext, 'db'>,
): Promise<Set<string>> {
  return restrictedEmployeeIds(context.db)
}
