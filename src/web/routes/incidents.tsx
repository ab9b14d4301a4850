import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Problem } from '../../domain/invoice.js'
import { draftNotification } from '../../privacy/incident-notice.js'
import {
  completeStep,
  loadIncidentView,
  registerIncident,
  updateIncident,
} from '../../privacy/incidents.js'
import type { IncidentFacts } from '../../privacy/incidents.js'
import type { AppContext } from '../../services/context.js'
import { listIncidents } from '../../store/incidents.js'
import { ACCESS } from '../access.js'
import { auditActor } from '../audit-actor.js'
import { attachment } from '../download.js'
import { NotFoundError } from '../errors.js'
import { translator } from '../i18n.js'
import { osloLocalToIso } from '../oslo-time.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { IdParams } from '../schemas.js'
import {
  IncidentListPage,
  IncidentPage,
  NotificationPage,
} from '../views/incidents.js'

const FORM_LIMIT = 64 * 1024
const text = (maxLength: number) => Type.String({ maxLength })

const FactsBody = Type.Object({
  _csrf: Type.Optional(text(200)),
  title: text(200),
  discovered: text(20),
  description: text(10_000),
  nature: Type.Optional(text(2_000)),
  categories: Type.Optional(text(2_000)),
  people: Type.Optional(text(12)),
  records: Type.Optional(text(12)),
  consequences: Type.Optional(text(5_000)),
  measures: Type.Optional(text(5_000)),
})
type FactsBody = Static<typeof FactsBody>

const StepParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
  step: Type.String({ pattern: '^[a-z-]{1,40}$' }),
})
type StepParams = Static<typeof StepParams>

const StepBody = Type.Object({
  _csrf: Type.Optional(text(200)),
  note: Type.Optional(text(2_000)),
})
type StepBody = Static<typeof StepBody>

const config = { access: ACCESS.incidents }

/** The breach register: privacy officers and administrators. */
export function incidentRoutes(
  app: FastifyInstance,
  context: AppContext,
): void {
  app.get('/privacy/incidents', { config }, (request, reply) =>
    showList(context, request, reply, []),
  )

  app.post<{ Body: FactsBody }>(
    '/privacy/incidents',
    { config, bodyLimit: FORM_LIMIT, schema: { body: FactsBody } },
    async (request, reply) => {
      const facts = factsFrom(request.body)
      if (!facts) return showList(context, request, reply, [invalid(request)])
      const id = await registerIncident(context, auditActor(request), facts)

      return seeOther(reply, `/privacy/incidents/${id}`)
    },
  )

  app.get<{ Params: IdParams }>(
    '/privacy/incidents/:id',
    { config, schema: { params: IdParams } },
    (request, reply) =>
      showIncident(context, request, reply, request.params.id, []),
  )

  app.post<{ Params: IdParams; Body: FactsBody }>(
    '/privacy/incidents/:id',
    {
      config,
      bodyLimit: FORM_LIMIT,
      schema: { params: IdParams, body: FactsBody },
    },
    async (request, reply) => {
      const { id } = request.params
      const facts = factsFrom(request.body)
      if (!facts) {
        return showIncident(context, request, reply, id, [invalid(request)])
      }
      const found = await updateIncident(
        context,
        auditActor(request),
        id,
        facts,
      )
      if (!found) throw new NotFoundError()

      return seeOther(reply, `/privacy/incidents/${id}`)
    },
  )

  app.post<{ Params: StepParams; Body: StepBody }>(
    '/privacy/incidents/:id/steps/:step',
    {
      config,
      bodyLimit: FORM_LIMIT,
      schema: { params: StepParams, body: StepBody },
    },
    async (request, reply) => {
      const { id, step } = request.params
      if (!(await loadIncidentView(context, id))) throw new NotFoundError()
      const note = request.body.note?.trim() || null
      const problem = await completeStep(
        context,
        auditActor(request),
        id,
        step,
        note,
      )
      if (problem) return showIncident(context, request, reply, id, [problem])

      return seeOther(reply, `/privacy/incidents/${id}#${step}`)
    },
  )

  app.get<{ Params: IdParams }>(
    '/privacy/incidents/:id/notification',
    { config, schema: { params: IdParams } },
    async (request, reply) => {
      const draft = await draftFor(context, request.params.id)
      reply.header('cache-control', 'no-store')

      return sendPage(
        reply,
        <NotificationPage
          page={pageContext(request)}
          id={request.params.id}
          markdown={draft}
        />,
      )
    },
  )

  app.get<{ Params: IdParams }>(
    '/privacy/incidents/:id/notification.md',
    { config, schema: { params: IdParams } },
    async (request, reply) => {
      const draft = await draftFor(context, request.params.id)

      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', attachment('melding-datatilsynet.md'))
        .type('text/markdown; charset=utf-8')
        .send(draft)
    },
  )
}

async function showList(
  context: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  problems: Problem[],
) {
  const incidents = await listIncidents(context.db)
  reply.header('cache-control', 'no-store')

  return sendPage(
    reply,
    <IncidentListPage
      page={pageContext(request)}
      incidents={incidents}
      contacts={context.config.incidentContacts}
      problems={problems}
      now={new Date()}
    />,
    problems.length > 0 ? 422 : 200,
  )
}

async function showIncident(
  context: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  problems: Problem[],
) {
  const view = await loadIncidentView(context, id)
  if (!view) throw new NotFoundError()
  reply.header('cache-control', 'no-store')

  return sendPage(
    reply,
    <IncidentPage
      page={pageContext(request)}
      view={view}
      contacts={context.config.incidentContacts}
      problems={problems}
    />,
    problems.length > 0 ? 422 : 200,
  )
}

async function draftFor(context: AppContext, id: string) {
  const view = await loadIncidentView(context, id)
  if (!view) throw new NotFoundError()

  return draftNotification(view, context.config)
}

/** The form's fields as facts, or null when the essentials are missing. */
function factsFrom(body: FactsBody): IncidentFacts | null {
  const discoveredAt = osloLocalToIso(body.discovered.trim())
  const people = count(body.people)
  const records = count(body.records)
  if (
    !discoveredAt ||
    body.title.trim() === '' ||
    body.description.trim() === '' ||
    people === undefined ||
    records === undefined
  ) {
    return null
  }

  return {
    title: body.title.trim(),
    discoveredAt,
    description: body.description.trim(),
    nature: body.nature?.trim() ?? '',
    dataCategories: body.categories?.trim() ?? '',
    approxPeople: people,
    approxRecords: records,
    consequences: body.consequences?.trim() ?? '',
    measures: body.measures?.trim() ?? '',
  }
}

/** Empty is unknown (null); anything but a whole number is refused. */
function count(value: string | undefined): number | null | undefined {
  const trimmed = (value ?? '').replace(/\s/g, '')
  if (trimmed === '') return null
  if (!/^\d{1,9}$/.test(trimmed)) return undefined

  return Number(trimmed)
}

function invalid(request: FastifyRequest): Problem {
  return {
    code: 'incident-invalid',
    message: translator(request.lang)('incidentInvalid'),
  }
}
