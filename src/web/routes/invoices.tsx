import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../services/context.js'
import { approveInvoice } from '../../services/approval.js'
import type { ApprovalOutcome } from '../../services/approval.js'
import { acceptChecks, findInvoice } from '../../store/invoices.js'
import { recordAudit } from '../../privacy/audit.js'
import { ACCESS, may } from '../access.js'
import { auditActor } from '../audit-actor.js'
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.js'
import { loadInvoiceView, visibleInvoices } from '../models/invoices.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { AcceptBody, ApproveBody, IdParams } from '../schemas.js'
import { InvoicePage } from '../views/invoice.js'
import { InvoiceListPage } from '../views/invoices.js'

const FORM_LIMIT = 16 * 1024

export function invoicePageRoutes(
  app: FastifyInstance,
  context: AppContext,
): void {
  app.get('/', { config: { access: 'signed-in' } }, (_request, reply) =>
    reply.redirect('/invoices', 302),
  )

  app.get(
    '/invoices',
    { config: { access: ACCESS.readInvoices } },
    async (request, reply) => {
      const auth = request.auth!
      const invoices = await visibleInvoices(context.db, auth)
      const canUpload = may(auth.user.role, ACCESS.workInvoices)

      return sendPage(
        reply,
        <InvoiceListPage
          page={pageContext(request)}
          invoices={invoices}
          canUpload={canUpload}
        />,
      )
    },
  )

  app.get<{ Params: IdParams }>(
    '/invoices/:id',
    { config: { access: ACCESS.readInvoices }, schema: { params: IdParams } },
    async (request, reply) => {
      const auth = request.auth!
      const view = await loadInvoiceView(context.db, request.params.id, auth)
      await recordAudit(context, {
        actor: auditActor(request),
        action: 'invoice.view',
        subjectType: 'invoice',
        subjectId: request.params.id,
        purpose: 'kontroll og fordeling av telefonfaktura',
      })

      return sendPage(
        reply,
        <InvoicePage
          page={pageContext(request)}
          view={view}
          canWork={may(auth.user.role, ACCESS.workInvoices)}
          canExport={may(auth.user.role, ACCESS.exportInvoices)}
          suspenseCostCentre={context.config.suspenseCostCentre}
        />,
      )
    },
  )

  app.post<{ Params: IdParams; Body: AcceptBody }>(
    '/invoices/:id/accept',
    {
      config: { access: ACCESS.workInvoices },
      bodyLimit: FORM_LIMIT,
      schema: { params: IdParams, body: AcceptBody },
    },
    async (request, reply) => {
      const { id } = request.params
      await requireInvoice(context, id)
      const comment = request.body.comment.trim()
      if ([...comment].length < MIN_COMMENT) {
        throw new UnprocessableError([
          {
            code: 'comment-too-short',
            message:
              `Skriv en kommentar på minst ${MIN_COMMENT} tegn som forklarer ` +
              'hvorfor tallene godtas.',
          },
        ])
      }
      const by = request.auth!.user.id
      if (!(await acceptChecks(context.db, id, by, comment))) {
        throw new ConflictError([
          {
            code: 'not-awaiting-acceptance',
            message:
              'Kontrollene på denne fakturaen er allerede godtatt, eller ' +
              'fakturaen er godkjent. Last siden på nytt.',
          },
        ])
      }
      await recordAudit(context, {
        actor: auditActor(request),
        action: 'invoice.accept',
        subjectType: 'invoice',
        subjectId: id,
        purpose: 'godkjenning av avvik i kontrollene',
        details: { comment },
      })

      return seeOther(reply, `/invoices/${id}`)
    },
  )

  app.post<{ Params: IdParams; Body: ApproveBody }>(
    '/invoices/:id/approve',
    {
      config: { access: ACCESS.workInvoices },
      bodyLimit: FORM_LIMIT,
      schema: { params: IdParams, body: ApproveBody },
    },
    async (request, reply) => {
      const { id } = request.params
      const actor = { ...auditActor(request), userId: request.auth!.user.id }
      const outcome = await approveInvoice(context, actor, id, {
        suspenseComment: request.body.suspenseComment ?? '',
      })
      if (!outcome.ok) throw approvalError(outcome)

      return seeOther(reply, `/invoices/${id}`)
    },
  )
}

/** A comment that explains something, not a click-through. */
const MIN_COMMENT = 5

function approvalError(outcome: Exclude<ApprovalOutcome, { ok: true }>) {
  if (outcome.reason === 'not-found') return new NotFoundError()
  if (outcome.reason === 'conflict') return new ConflictError(outcome.problems)

  return new UnprocessableError(outcome.problems)
}

async function requireInvoice(context: AppContext, id: string) {
  const invoice = await findInvoice(context.db, id)
  if (!invoice) throw new NotFoundError()

  return invoice
}
