import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { EVENTS_PAGE } from '../../security/alerts/index.js'
import {
  isSecurityEventType,
  SECURITY_EVENT_TYPES,
} from '../../security/events/types.js'
import type { AppContext } from '../../services/context.js'
import { listSecurityEvents } from '../../store/security-events.js'
import { ACCESS } from '../access.js'
import { pageContext, sendPage } from '../page.js'
import { SecurityEventsPage } from '../views/security-events.js'

const EventsQuery = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 40 })),
  severity: Type.Optional(Type.String({ maxLength: 2 })),
  lang: Type.Optional(Type.String({ maxLength: 5 })),
})
type EventsQuery = Static<typeof EventsQuery>

const SHOWN = 200

/** Administrators' view of recent security events, filterable. */
export function securityEventRoutes(
  app: FastifyInstance,
  context: AppContext,
): void {
  app.get<{ Querystring: EventsQuery }>(
    EVENTS_PAGE,
    {
      config: { access: ACCESS.securityEvents },
      schema: { querystring: EventsQuery },
    },
    async (request, reply) => {
      const filter = filterFrom(request.query)
      const events = await listSecurityEvents(context.db, {
        ...filter,
        limit: SHOWN,
      })
      reply.header('cache-control', 'no-store')

      return sendPage(
        reply,
        <SecurityEventsPage
          page={pageContext(request)}
          events={events}
          types={SECURITY_EVENT_TYPES}
          filter={filter}
        />,
      )
    },
  )
}

/** An unknown type or a severity outside 1–10 filters nothing. */
function filterFrom(query: EventsQuery) {
  const severity = Number(query.severity)

  return {
    type: isSecurityEventType(query.type) ? query.type : null,
    minSeverity:
      Number.isInteger(severity) && severity >= 1 && severity <= 10
        ? severity
        : null,
  }
}
