import type { FastifyInstance } from 'fastify'
import { defaultProbes, securityChecklist } from '../../security/doctor.js'
import type { AppContext } from '../../services/context.js'
import { pageContext, sendPage } from '../page.js'
import { SecurityStatusPage } from '../views/security-status.js'

/**
 * The security status page: this installation's settings held against
 * what production requires, checked afresh on every visit.
 */
export function securityStatusRoutes(
  app: FastifyInstance,
  context: AppContext,
): void {
  app.get(
    '/admin/security-status',
    { config: { access: ['admin'] } },
    async (request, reply) => {
      const asProduction = { ...context.config, production: true }
      const items = await securityChecklist(asProduction, defaultProbes())

      return sendPage(
        reply,
        <SecurityStatusPage
          page={pageContext(request)}
          items={items}
          production={context.config.production}
        />,
      )
    },
  )
}
