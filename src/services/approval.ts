import type { Problem } from '../domain/invoice.js'
import { sumOre } from '../domain/money.js'
import { recordAudit } from '../privacy/audit.js'
import type { AuditActor } from '../privacy/audit.js'
import { costCentreTotals, unmatchedPhones } from '../store/allocations.js'
import {
  approveInvoice as markApproved,
  findInvoice,
} from '../store/invoices.js'
import type { Db } from '../store/db.js'
import type { AppContext } from './context.js'

/** What an invoice still charges to the suspense cost centre. */
export interface Suspense {
  /** Ex VAT plus VAT on the suspense cost centre. */
  amountOre: number
  /** The numbers with anything charged to suspense. */
  phones: string[]
}

export type ApprovalOutcome =
  | { ok: true }
  | {
      ok: false
      reason: 'not-found' | 'conflict' | 'suspense-unconfirmed'
      problems: Problem[]
    }

/** A comment that explains something, not a click-through. */
export const MIN_SUSPENSE_COMMENT = 5

/** The amount and numbers on the suspense cost centre; zero when none. */
export async function suspenseOf(
  db: Db,
  invoiceId: string,
  suspenseCostCentre: string,
): Promise<Suspense> {
  const totals = await costCentreTotals(db, invoiceId)
  const held = totals.filter((t) => t.costCentre === suspenseCostCentre)
  const amountOre = sumOre(held.map((t) => t.exVatOre + t.vatOre))
  const phones = held.length ? await unmatchedPhones(db, invoiceId) : []

  return { amountOre, phones }
}

/**
 * Approves and locks a ready invoice. While money sits on the suspense
 * cost centre the approver must say why it is approved anyway; the
 * comment goes into the audit entry, the tamper-evident record of who
 * approved what.
 */
export async function approveInvoice(
  context: AppContext,
  actor: AuditActor & { userId: string },
  id: string,
  options: { suspenseComment?: string } = {},
): Promise<ApprovalOutcome> {
  const invoice = await findInvoice(context.db, id)
  if (!invoice) return refusal('not-found', NOT_FOUND)
  if (invoice.status !== 'ready') {
    return refusal('conflict', notApprovable(invoice.status))
  }

  const suspense = await suspenseOf(
    context.db,
    id,
    context.config.suspenseCostCentre,
  )
  const comment = options.suspenseComment?.trim() ?? ''
  const held = suspense.amountOre !== 0 || suspense.phones.length > 0
  if (held && [...comment].length < MIN_SUSPENSE_COMMENT) {
    return refusal('suspense-unconfirmed', suspenseProblem(suspense))
  }

  if (!(await markApproved(context.db, id, actor.userId))) {
    return refusal('conflict', notApprovable(invoice.status))
  }
  await recordAudit(context, {
    actor,
    action: 'invoice.approve',
    subjectType: 'invoice',
    subjectId: id,
    purpose: 'attestasjon av faktura',
    ...(held ? { details: suspenseDetails(suspense, comment) } : {}),
  })

  return { ok: true }
}

function suspenseDetails(suspense: Suspense, comment: string) {
  return {
    suspenseOre: suspense.amountOre,
    suspenseNumbers: suspense.phones.length,
    suspenseComment: comment,
  }
}

function refusal(
  reason: Exclude<ApprovalOutcome, { ok: true }>['reason'],
  problem: Problem,
): ApprovalOutcome {
  return { ok: false, reason, problems: [problem] }
}

const NOT_FOUND: Problem = {
  code: 'not-found',
  message: 'Fakturaen finnes ikke.',
}

function suspenseProblem(suspense: Suspense): Problem {
  return {
    code: 'suspense-unconfirmed',
    message:
      `${suspense.phones.length} nummer står på mellomkontoen. Fordel dem ` +
      'under «Trenger oppfølging», eller skriv en kommentar på minst ' +
      `${MIN_SUSPENSE_COMMENT} tegn om hvorfor fakturaen godkjennes likevel.`,
    detail: `suspense ${suspense.amountOre} øre`,
  }
}

function notApprovable(status: string): Problem {
  return status === 'approved'
    ? {
        code: 'already-approved',
        message: 'Fakturaen er allerede godkjent og låst.',
      }
    : {
        code: 'checks-not-accepted',
        message:
          'Fakturaen kan ikke godkjennes før kontrollene holder, eller ' +
          'avvikene er godtatt med en kommentar.',
      }
}
