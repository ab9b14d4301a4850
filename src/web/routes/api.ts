import type { FastifyInstance } from 'fastify'
import { sumOre } from '../../domain/money.js'
import type { AppContext } from '../../services/context.js'
import { ACCESS } from '../access.js'
import { loadInvoiceView } from '../models/invoices.js'
import type { InvoiceView } from '../models/invoices.js'
import {
  AllocationReply,
  ErrorReply,
  HealthReply,
  IdParams,
  InvoiceReply,
  UploadReply,
} from '../schemas.js'
import { receiveInvoiceUpload, refusalError, uploadedFile } from '../upload.js'
import { AcceptedReply, sendAccepted } from './jobs.js'

export function apiRoutes(app: FastifyInstance, context: AppContext): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], response: { 200: HealthReply } },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/api/v1/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  )

  app.post(
    '/api/v1/invoices',
    {
      config: { access: ACCESS.workInvoices, body: 'multipart' },
      bodyLimit: context.config.maxUploadBytes + 64 * 1024,
      schema: {
        tags: ['invoices'],
        summary: 'Upload one invoice (multipart field `file`)',
        consumes: ['multipart/form-data'],
        response: {
          201: UploadReply,
          202: AcceptedReply,
          400: ErrorReply,
          409: ErrorReply,
          413: ErrorReply,
          415: ErrorReply,
          422: ErrorReply,
          429: ErrorReply,
          503: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request.body)
      const outcome = await receiveInvoiceUpload(context, request, file)
      if (outcome.ok === 'pending') return sendAccepted(reply, outcome.jobId)
      if (!outcome.ok) throw refusalError(outcome)

      const { invoiceId: id, status, checks } = outcome

      return reply.code(201).send({ id, status, checks })
    },
  )

  app.get<{ Params: IdParams }>(
    '/api/v1/invoices/:id',
    {
      config: { access: ACCESS.exportInvoices },
      schema: {
        tags: ['invoices'],
        params: IdParams,
        response: { 200: InvoiceReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const view = await loadInvoiceView(
        context.db,
        request.params.id,
        request.auth!,
      )

      return invoiceReply(view)
    },
  )

  app.get<{ Params: IdParams }>(
    '/api/v1/invoices/:id/allocation',
    {
      config: { access: ACCESS.readInvoices },
      schema: {
        tags: ['invoices'],
        params: IdParams,
        response: { 200: AllocationReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const { id } = request.params
      const view = await loadInvoiceView(context.db, id, request.auth!)
      const costCentres = view.totals.map((t) => ({
        code: t.costCentre,
        name: t.name,
        exVatOre: t.exVatOre,
        vatOre: t.vatOre,
      }))

      return {
        invoiceId: id,
        costCentres,
        totalExVatOre: sumOre(costCentres.map((c) => c.exVatOre)),
        totalVatOre: sumOre(costCentres.map((c) => c.vatOre)),
      }
    },
  )
}

function invoiceReply(view: InvoiceView) {
  const { invoice } = view

  return {
    id: invoice.id,
    status: invoice.status,
    format: invoice.format,
    header: invoice.header,
    checks: invoice.checks,
    subscriptions: view.subscriptions.map((s) => ({
      phone: s.phone,
      user: s.user,
      vatBaseOre: s.vatBaseOre,
      vatFreeOre: s.vatFreeOre,
      vatOre: s.vatOre,
      totalOre: s.totalOre,
    })),
  }
}
