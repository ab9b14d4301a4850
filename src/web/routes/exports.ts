import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import {
  costCentreReport,
  journalCsv,
  subscriptionReport,
} from '../../report/index.js'
import type { AppContext } from '../../services/context.js'
import { findInvoice } from '../../store/invoices.js'
import { recordAudit } from '../../privacy/audit.js'
import { ACCESS } from '../access.js'
import { auditActor } from '../audit-actor.js'
import { NotFoundError } from '../errors.js'
import { attachment } from '../download.js'

export const REPORTS = [
  'cost-centres.xlsx',
  'cost-centres.csv',
  'subscriptions.xlsx',
  'subscriptions.csv',
  'journal.csv',
] as const

const ExportParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
  report: Type.Union(REPORTS.map((r) => Type.Literal(r))),
})
type ExportParams = Static<typeof ExportParams>

export function exportRoutes(app: FastifyInstance, context: AppContext): void {
  app.get<{ Params: ExportParams }>(
    '/invoices/:id/exports/:report',
    {
      config: { access: ACCESS.exportInvoices },
      schema: { params: ExportParams },
    },
    async (request, reply) => {
      const { id, report } = request.params
      if (!(await findInvoice(context.db, id))) throw new NotFoundError()
      const file = await makeReport(context, id, report)
      await recordAudit(context, {
        actor: auditActor(request),
        action: 'invoice.export',
        subjectType: 'invoice',
        subjectId: id,
        purpose: 'regnskapsføring og kostnadsfordeling',
        details: { report },
      })

      return reply
        .header('content-disposition', attachment(file.filename))
        .type(file.contentType)
        .send(file.body)
    },
  )
}

function makeReport(
  context: AppContext,
  id: string,
  report: ExportParams['report'],
) {
  switch (report) {
    case 'cost-centres.xlsx':
      return costCentreReport(context, id, 'xlsx')
    case 'cost-centres.csv':
      return costCentreReport(context, id, 'csv')
    case 'subscriptions.xlsx':
      return subscriptionReport(context, id, 'xlsx')
    case 'subscriptions.csv':
      return subscriptionReport(context, id, 'csv')
    case 'journal.csv':
      return journalCsv(context, id)
  }
}
