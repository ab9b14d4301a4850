import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { eraseSubject } from '../../privacy/erasure.js'
import {
  closedProblem,
  closeRequest,
  extendRequest,
  findSubjectRequest,
  registerRequest,
  requestRegister,
} from '../../privacy/requests.js'
import { rectifyEmployee } from '../../privacy/requests-rectification.js'
import {
  liftRestriction,
  restrictedPeople,
  restrictionReasonProblem,
  restrictProcessing,
} from '../../privacy/restriction.js'
import { exportSubjectData } from '../../privacy/subject-export.js'
import { recordAudit } from '../../privacy/audit.js'
import type { Role } from '../../security/roles.js'
import type { AppContext } from '../../services/context.js'
import { findEmployee, listEmployees } from '../../store/register.js'
import {
  findExport,
  findSubjectState,
  listExports,
} from '../../store/requests.js'
import { auditActor } from '../audit-actor.js'
import { attachment } from '../download.js'
import { BadRequestError, NotFoundError } from '../errors.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { IdParams } from '../schemas.js'
import { RequestPage, RequestsPage } from '../views/privacy-requests.js'

/** Data subject requests: the privacy officer's work, and the administrator's. */
export const PRIVACY_ROLES: readonly Role[] = ['admin', 'privacy']

const csrf = Type.Optional(Type.String({ maxLength: 200 }))
const text = (maxLength = 2000) => Type.Optional(Type.String({ maxLength }))

const NewRequestBody = Type.Object({
  _csrf: csrf,
  type: Type.String({ maxLength: 40 }),
  employeeId: Type.String({ maxLength: 40 }),
  receivedOn: Type.String({ maxLength: 10 }),
  notes: text(),
})
type NewRequestBody = Static<typeof NewRequestBody>
const ReasonBody = Type.Object({ _csrf: csrf, reason: text() })
type ReasonBody = Static<typeof ReasonBody>
const CloseBody = Type.Object({
  _csrf: csrf,
  status: Type.Union([Type.Literal('done'), Type.Literal('refused')]),
  notes: text(),
})
type CloseBody = Static<typeof CloseBody>
const RectifyBody = Type.Object({
  _csrf: csrf,
  name: Type.String({ maxLength: 200 }),
  email: text(200),
  department: text(200),
  employeeNo: text(40),
  reason: Type.String({ maxLength: 2000 }),
})
type RectifyBody = Static<typeof RectifyBody>
const Empty = Type.Object({ _csrf: csrf })
const EraseBody = Type.Object({ _csrf: csrf, confirm: text(10) })
type EraseBody = Static<typeof EraseBody>

const FORM = { access: PRIVACY_ROLES }

export function privacyRequestRoutes(
  app: FastifyInstance,
  context: AppContext,
): void {
  app.get('/privacy/requests', { config: FORM }, async (request, reply) =>
    sendPage(
      reply,
      <RequestsPage
        page={pageContext(request)}
        requests={await requestRegister(context)}
        employees={await listEmployees(context.db)}
        restricted={await restrictedPeople(context)}
        problems={[]}
      />,
    ),
  )

  app.post<{ Body: NewRequestBody }>(
    '/privacy/requests',
    { config: FORM, schema: { body: NewRequestBody } },
    async (request, reply) => {
      const b = request.body
      const out = await registerRequest(context, auditActor(request), {
        type: b.type,
        employeeId: b.employeeId,
        receivedOn: b.receivedOn,
        notes: b.notes?.trim() || null,
      })
      if (!out.ok) throw new BadRequestError([out.problem])

      return seeOther(reply, `/privacy/requests/${out.request.id}`)
    },
  )

  app.get<{ Params: IdParams }>(
    '/privacy/requests/:id',
    { config: FORM, schema: { params: IdParams } },
    async (request, reply) => {
      const found = await findSubjectRequest(context, request.params.id)
      if (!found) throw new NotFoundError()

      return sendPage(
        reply,
        <RequestPage
          page={pageContext(request)}
          request={found}
          person={await findEmployee(context.db, found.employeeId)}
          state={await findSubjectState(context.db, found.employeeId)}
          exports={await listExports(context.db, { requestId: found.id })}
        />,
      )
    },
  )

  postAction<ReasonBody>(app, 'extend', ReasonBody, async (id, body, actor) => {
    const out = await extendRequest(context, actor, id, body.reason ?? '')
    if (!out.ok) throw new BadRequestError([out.problem])
  })

  postAction<CloseBody>(app, 'close', CloseBody, async (id, body, actor) => {
    const out = await closeRequest(
      context,
      actor,
      id,
      body.status,
      body.notes ?? null,
    )
    if (!out.ok) throw new BadRequestError([out.problem])
  })

  postAction(app, 'export', Empty, async (id, _body, actor) => {
    const found = await requireOpenRequest(context, id)
    await exportSubjectData(context, actor, found)
  })

  postAction<RectifyBody>(app, 'rectify', RectifyBody, async (id, b, actor) => {
    const found = await requireOpenRequest(context, id)
    const person = await findEmployee(context.db, found.employeeId)
    if (!person) throw new NotFoundError()
    const out = await rectifyEmployee(
      context,
      actor,
      person.id,
      {
        ...person,
        name: b.name.trim(),
        email: b.email?.trim() || null,
        department: b.department?.trim() || null,
        employeeNo: b.employeeNo?.trim() || null,
      },
      b.reason,
    )
    if (!out.ok) throw new BadRequestError([out.problem])
  })

  postAction<EraseBody>(app, 'erase', EraseBody, async (id, b, actor) => {
    const found = await requireOpenRequest(context, id)
    const state = await findSubjectState(context.db, found.employeeId)
    const problem = erasureProblem(found.type, b.confirm, state?.erasedAt)
    if (problem) throw new BadRequestError([problem])
    await eraseSubject(context, actor, found.employeeId, found)
  })

  postAction<ReasonBody>(app, 'restrict', ReasonBody, async (id, b, actor) => {
    const found = await requireOpenRequest(context, id)
    const problem = restrictionReasonProblem(b.reason ?? '')
    if (problem) throw new BadRequestError([problem])
    await restrictProcessing(context, actor, found.employeeId, b.reason ?? '')
  })

  postAction(app, 'lift-restriction', Empty, async (id, _body, actor) => {
    const found = await requireOpenRequest(context, id)
    await liftRestriction(context, actor, found.employeeId)
  })

  app.get<{ Params: IdParams }>(
    '/privacy/exports/:id',
    { config: FORM, schema: { params: IdParams } },
    async (request, reply) => sendExport(context, request, reply),
  )
}

async function sendExport(
  context: AppContext,
  request: Parameters<typeof auditActor>[0] & { params: IdParams },
  reply: FastifyReply,
) {
  const stored = await findExport(context.db, request.params.id)
  if (!stored) throw new NotFoundError()
  const bytes = await context.vault.get(stored.fileId, stored.keyId)
  await recordAudit(context, {
    actor: auditActor(request),
    action: 'subject-data.download',
    subjectType: 'subject-request',
    subjectId: stored.requestId,
    personRef: stored.employeeId,
    purpose: 'GDPR art. 15/20',
    details: { format: stored.format },
  })
  const name = `innsyn-${stored.createdAt.slice(0, 10)}.${stored.format}`

  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', attachment(name))
    .type(
      stored.format === 'json'
        ? 'application/json; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    .send(bytes)
}

async function requireRequest(context: AppContext, id: string) {
  const found = await findSubjectRequest(context, id)
  if (!found) throw new NotFoundError()

  return found
}

async function requireOpenRequest(context: AppContext, id: string) {
  const found = await requireRequest(context, id)
  if (found.urgency === 'closed') throw new BadRequestError([closedProblem()])

  return found
}

/**
 * Erasure cannot be undone: only on an erasure request, once, and only
 * when the officer ticked the box that says so.
 */
function erasureProblem(
  type: string,
  confirm: string | undefined,
  erasedAt: string | null | undefined,
) {
  if (type !== 'erasure') {
    return {
      code: 'erase-type',
      message:
        'Sletting gjøres bare for en henvendelse om sletting. Registrer en slik henvendelse først.',
    }
  }
  if (erasedAt) {
    return {
      code: 'erase-done',
      message: 'Personens opplysninger er allerede slettet.',
    }
  }
  if (confirm !== 'yes') {
    return {
      code: 'erase-confirm',
      message: 'Kryss av for at du vil slette; sletting kan ikke angres.',
    }
  }

  return null
}

/** One POST per action on a request; each answers with the request page. */
function postAction<B>(
  app: FastifyInstance,
  action: string,
  body: ReturnType<typeof Type.Object>,
  act: (
    id: string,
    body: B,
    actor: ReturnType<typeof auditActor>,
  ) => Promise<void>,
) {
  app.post<{ Params: IdParams; Body: B }>(
    `/privacy/requests/:id/${action}`,
    { config: FORM, schema: { params: IdParams, body } },
    async (request, reply) => {
      await act(request.params.id, request.body as B, auditActor(request))

      return seeOther(reply, `/privacy/requests/${request.params.id}`)
    },
  )
}
