import type { FastifyInstance } from 'fastify'
import { assignNumber } from '../../services/register.js'
import type { AppContext } from '../../services/context.js'
import { findEmployee, listEmployees } from '../../store/register.js'
import { ACCESS } from '../access.js'
import { auditActor } from '../audit-actor.js'
import { BadRequestError } from '../errors.js'
import { attentionList } from '../models/attention.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { AssignBody } from '../schemas.js'
import { AttentionPage } from '../views/attention.js'

export function attentionRoutes(
  app: FastifyInstance,
  context: AppContext,
): void {
  app.get(
    '/attention',
    { config: { access: ACCESS.workInvoices } },
    async (request, reply) => {
      const page = pageContext(request)
      const assigned = 'assigned' in (request.query as object)

      return sendPage(
        reply,
        <AttentionPage
          page={page}
          items={await attentionList(
            context.db,
            context.config.suspenseCostCentre,
          )}
          employees={await listEmployees(context.db)}
          notice={assigned ? page.t('assigned') : null}
          problems={[]}
        />,
      )
    },
  )

  app.post<{ Body: AssignBody }>(
    '/attention/assign',
    {
      config: { access: ACCESS.workInvoices },
      bodyLimit: 16 * 1024,
      schema: { body: AssignBody },
    },
    async (request, reply) => {
      const { phone, employeeId, validFrom, validTo } = request.body
      if (!(await findEmployee(context.db, employeeId))) {
        throw new BadRequestError([
          { code: 'employee-unknown', message: 'Fant ikke den ansatte.' },
        ])
      }
      const result = await assignNumber(
        context,
        {
          phone,
          employeeId,
          validFrom: validFrom || null,
          validTo: validTo || null,
        },
        auditActor(request),
      )
      if (!result.ok) throw new BadRequestError([result.problem])

      return seeOther(reply, '/attention?assigned')
    },
  )
}
