import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../services/context.js'
import {
  acceptChecks,
  approveInvoice,
  findInvoice,
} from '../../store/invoices.js'
import { recordAudit } from '../../privacy/audit.js'
import { ACCESS, may } from '../access.js'
import { auditActor } from '../audit-actor.js'
import { NotFoundError } from '../errors.js'
import { loadInvoiceView, visibleInvoices } from '../models/invoices.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { AcceptBody, CsrfOnlyBody, IdParams } from '../schemas.js'
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
      const by = request.auth!.user.id
      await acceptChecks(context.db, id, by, request.body.comment.trim())
      await recordAudit(context, {
        actor: auditActor(request),
        action: 'invoice.accept',
        subjectType: 'invoice',
        subjectId: id,
        purpose: 'godkjenning av avvik i kontrollene',
        details: { comment: request.body.comment.trim() },
      })

      return seeOther(reply, `/invoices/${id}`)
    },
  )

  app.post<{ Params: IdParams }>(
    '/invoices/:id/approve',
    {
      config: { access: ACCESS.workInvoices },
      bodyLimit: FORM_LIMIT,
      schema: { params: IdParams, body: CsrfOnlyBody },
    },
    async (request, reply) => {
      const { id } = request.params
      await requireInvoice(context, id)
      await approveInvoice(context.db, id, request.auth!.user.id)
      await recordAudit(context, {
        actor: auditActor(request),
        action: 'invoice.approve',
        subjectType: 'invoice',
        subjectId: id,
        purpose: 'attestasjon av faktura',
      })

      return seeOther(reply, `/invoices/${id}`)
    },
  )
}

async function requireInvoice(context: AppContext, id: string) {
  const invoice = await findInvoice(context.db, id)
  if (!invoice) throw new NotFoundError()

  return invoice
}
