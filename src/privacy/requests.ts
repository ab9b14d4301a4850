import { randomUUID } from 'node:crypto'
import type { Problem } from '../domain/invoice.js'
import type { AppContext } from '../services/context.js'
import { findEmployee } from '../store/register.js'
import {
  findRequest,
  insertRequest,
  listRequests,
  updateRequest,
} from '../store/requests.js'
import type { StoredRequest } from '../store/requests.js'
import { recordAudit } from './audit.js'
import type { AuditActor } from './audit.js'

export const REQUEST_TYPES = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
] as const
export type RequestType = (typeof REQUEST_TYPES)[number]

export const REQUEST_STATUSES = ['open', 'extended', 'done', 'refused'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

/** A request that is this close to its deadline is shown as soon due. */
export const SOON_DAYS = 7

export type Urgency = 'overdue' | 'soon' | 'ok' | 'closed'

export interface SubjectRequest extends StoredRequest {
  /** The deadline that holds now: the extended one when there is one. */
  deadline: string
  urgency: Urgency
}

export function isRequestType(value: string): value is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(value)
}

/**
 * GDPR art. 12(3): one month from receipt. The same day next month, or
 * the month's last day when it has no such day (31 January → 28/29 February).
 */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number]
  const index = m - 1 + months
  const year = y + Math.floor(index / 12)
  const month = ((index % 12) + 12) % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(d, last)

  return `${year}-${pad(month + 1)}-${pad(day)}`
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

export function urgencyOf(request: StoredRequest, today: string): Urgency {
  if (request.status === 'done' || request.status === 'refused') {
    return 'closed'
  }
  const deadline = request.extendedDueOn ?? request.dueOn
  if (deadline < today) return 'overdue'

  return deadline <= addDays(today, SOON_DAYS) ? 'soon' : 'ok'
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)

  return date.toISOString().slice(0, 10)
}

function withUrgency(r: StoredRequest, today: string): SubjectRequest {
  return {
    ...r,
    deadline: r.extendedDueOn ?? r.dueOn,
    urgency: urgencyOf(r, today),
  }
}

const ORDER: Record<Urgency, number> = { overdue: 0, soon: 1, ok: 2, closed: 3 }

/** Overdue first, then soon due, then by deadline. */
export async function requestRegister(
  context: Pick<AppContext, 'db'>,
  now: Date = new Date(),
  employeeId?: string,
): Promise<SubjectRequest[]> {
  const today = now.toISOString().slice(0, 10)
  const all = await listRequests(context.db, employeeId)

  return all
    .map((r) => withUrgency(r, today))
    .sort(
      (a, b) =>
        ORDER[a.urgency] - ORDER[b.urgency] ||
        a.deadline.localeCompare(b.deadline),
    )
}

export async function findSubjectRequest(
  context: Pick<AppContext, 'db'>,
  id: string,
  now: Date = new Date(),
): Promise<SubjectRequest | null> {
  const r = await findRequest(context.db, id)

  return r ? withUrgency(r, now.toISOString().slice(0, 10)) : null
}

export interface NewRequest {
  type: string
  employeeId: string
  receivedOn: string
  notes: string | null
}

export type RequestOutcome =
  { ok: true; request: SubjectRequest } | { ok: false; problem: Problem }

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

export async function registerRequest(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  input: NewRequest,
  now: Date = new Date(),
): Promise<RequestOutcome> {
  const problem = await checkNewRequest(context, input)
  if (problem) return { ok: false, problem }
  const at = now.toISOString()
  const request: StoredRequest = {
    id: randomUUID(),
    type: input.type,
    employeeId: input.employeeId,
    receivedOn: input.receivedOn,
    dueOn: addMonths(input.receivedOn, 1),
    extendedDueOn: null,
    extensionReason: null,
    status: 'open',
    handledBy: actor.name,
    notes: input.notes,
    closedAt: null,
    createdAt: at,
    updatedAt: at,
  }
  await insertRequest(context.db, request)
  await auditRequest(context, actor, request, 'subject-request.register', now)

  return { ok: true, request: withUrgency(request, at.slice(0, 10)) }
}

async function checkNewRequest(
  context: Pick<AppContext, 'db'>,
  input: NewRequest,
): Promise<Problem | null> {
  if (!isRequestType(input.type)) {
    return problem('request-type', 'Velg hva slags henvendelse det er.')
  }
  if (!isIsoDate(input.receivedOn)) {
    return problem(
      'request-received',
      'Skriv datoen henvendelsen kom inn som ÅÅÅÅ-MM-DD.',
    )
  }
  if (!(await findEmployee(context.db, input.employeeId))) {
    return problem(
      'request-person',
      'Velg personen henvendelsen gjelder fra ansattregisteret.',
    )
  }

  return null
}

/** A real calendar day as `YYYY-MM-DD`; 2026-02-31 is not one. */
function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)

  return !isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/**
 * Art. 12(3): the deadline may be extended by two further months where
 * the request is complex or there are many; the reason is recorded.
 */
export async function extendRequest(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  id: string,
  reason: string,
  now: Date = new Date(),
): Promise<RequestOutcome> {
  const request = await findRequest(context.db, id)
  if (!request) return notFound()
  if (reason.trim() === '') {
    return {
      ok: false,
      problem: problem(
        'extension-reason',
        'Skriv hvorfor fristen forlenges; personen skal få vite grunnen.',
      ),
    }
  }
  if (request.extendedDueOn || isClosed(request)) {
    return {
      ok: false,
      problem: problem(
        'extension-once',
        'Fristen kan bare forlenges én gang, og bare for en åpen henvendelse.',
      ),
    }
  }
  const next: StoredRequest = {
    ...request,
    extendedDueOn: addMonths(request.dueOn, 2),
    extensionReason: reason.trim(),
    status: 'extended',
    handledBy: actor.name,
    updatedAt: now.toISOString(),
  }

  return save(context, actor, next, 'subject-request.extend', now)
}

export async function closeRequest(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  id: string,
  status: 'done' | 'refused',
  notes: string | null,
  now: Date = new Date(),
): Promise<RequestOutcome> {
  const request = await findRequest(context.db, id)
  if (!request) return notFound()
  if (isClosed(request)) return closedAlready()
  const next: StoredRequest = {
    ...request,
    status,
    notes: notes?.trim() ? notes.trim() : request.notes,
    handledBy: actor.name,
    closedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }

  return save(context, actor, next, `subject-request.${status}`, now)
}

async function save(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  request: StoredRequest,
  action: string,
  now: Date,
): Promise<RequestOutcome> {
  await updateRequest(context.db, request)
  await auditRequest(context, actor, request, action, now)

  return {
    ok: true,
    request: withUrgency(request, now.toISOString().slice(0, 10)),
  }
}

function isClosed(r: StoredRequest): boolean {
  return r.status === 'done' || r.status === 'refused'
}

/** The request's facts without its free text, which may name people. */
async function auditRequest(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  r: StoredRequest,
  action: string,
  now: Date,
) {
  await recordAudit(
    context,
    {
      actor,
      action,
      subjectType: 'subject-request',
      subjectId: r.id,
      personRef: r.employeeId,
      purpose: 'GDPR art. 12–22',
      details: {
        type: r.type,
        status: r.status,
        receivedOn: r.receivedOn,
        deadline: r.extendedDueOn ?? r.dueOn,
      },
    },
    now,
  )
}

/** A closed request is a record of what was done; new work needs a new one. */
export function closedProblem(): Problem {
  return problem(
    'request-closed',
    'Henvendelsen er avsluttet og kan ikke endres. Registrer en ny henvendelse.',
  )
}

function closedAlready(): RequestOutcome {
  return { ok: false, problem: closedProblem() }
}

function notFound(): RequestOutcome {
  return {
    ok: false,
    problem: problem('request-unknown', 'Henvendelsen finnes ikke.'),
  }
}

function problem(code: string, message: string): Problem {
  return { code, message }
}
