import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { checkAuditChain } from '../../privacy/audit-check.js'
import { auditCsv, auditJson } from '../../privacy/audit-export.js'
import { describeBreak, recordAudit } from '../../privacy/audit.js'
import type { AppContext } from '../../services/context.js'
import { listAuditEntries } from '../../store/audit.js'
import type { AuditFilter } from '../../store/audit.js'
import { listEmployees } from '../../store/register.js'
import { listUsers } from '../../store/users.js'
import { ACCESS } from '../access.js'
import { auditActor } from '../audit-actor.js'
import { attachment } from '../download.js'
import { pageContext, sendPage } from '../page.js'
import { CsrfOnlyBody } from '../schemas.js'
import { AuditPage } from '../views/audit.js'
import type { AuditQueryValues } from '../views/audit.js'

const AuditQuery = Type.Object({
  person: Type.Optional(Type.String({ maxLength: 64 })),
  user: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
  lang: Type.Optional(Type.String({ maxLength: 5 })),
})
type AuditQuery = Static<typeof AuditQuery>

const SHOWN = 500
const EXPORTED = 100_000
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Auditors and administrators read, filter, export and verify the trail. */
export function auditRoutes(app: FastifyInstance, context: AppContext): void {
  const options = {
    config: { access: ACCESS.readAudit },
    schema: { querystring: AuditQuery },
  }

  app.get<{ Querystring: AuditQuery }>('/audit', options, (request, reply) =>
    showAudit(context, request, reply, null),
  )

  app.post<{ Querystring: AuditQuery }>(
    '/audit/verify',
    {
      ...options,
      bodyLimit: 16 * 1024,
      schema: { ...options.schema, body: CsrfOnlyBody },
    },
    async (request, reply) => {
      const report = await checkAuditChain(context)
      const t = pageContext(request).t
      const status = report.broken
        ? t('auditChainBroken', { what: describeBreak(report.broken) })
        : t('auditChainOk', { n: report.checked })

      return showAudit(context, request, reply, {
        ok: report.ok,
        text: status,
      })
    },
  )

  app.get<{ Querystring: AuditQuery }>(
    '/audit/export.csv',
    options,
    async (request, reply) => {
      const entries = await exported(context, request, 'csv')

      return download(
        reply,
        'revisjonsspor.csv',
        'text/csv; charset=utf-8',
      ).send(auditCsv(entries))
    },
  )

  app.get<{ Querystring: AuditQuery }>(
    '/audit/export.json',
    options,
    async (request, reply) => {
      const entries = await exported(context, request, 'json')

      return download(reply, 'revisjonsspor.json', 'application/json').send(
        auditJson(entries),
      )
    },
  )
}

async function showAudit(
  context: AppContext,
  request: FastifyRequest<{ Querystring: AuditQuery }>,
  reply: import('fastify').FastifyReply,
  status: { ok: boolean; text: string } | null,
) {
  const values = queryValues(request.query)
  const [entries, employees, users] = await Promise.all([
    listAuditEntries(context.db, { ...filterOf(values), limit: SHOWN }),
    listEmployees(context.db),
    listUsers(context.db),
  ])
  reply.header('cache-control', 'no-store')

  return sendPage(
    reply,
    <AuditPage
      page={pageContext(request)}
      entries={entries}
      people={employees.map((e) => ({ id: e.id, name: e.name }))}
      users={users.map((u) => ({ id: u.id, name: u.displayName }))}
      values={values}
      status={status}
    />,
  )
}

/** An export of the trail is itself personal data, so it is audited. */
async function exported(
  context: AppContext,
  request: FastifyRequest<{ Querystring: AuditQuery }>,
  format: string,
) {
  const values = queryValues(request.query)
  const filter = { ...filterOf(values), limit: EXPORTED }
  const entries = await listAuditEntries(context.db, filter)
  await recordAudit(context, {
    actor: auditActor(request),
    action: 'audit.export',
    subjectType: 'audit-log',
    personRef: values.person || null,
    purpose: 'revisjon',
    details: { format, ...values, entries: entries.length },
  })

  return entries
}

function download(
  reply: import('fastify').FastifyReply,
  filename: string,
  type: string,
) {
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', attachment(filename))
    .type(type)
}

function queryValues(query: AuditQuery): AuditQueryValues {
  return {
    person: query.person ?? '',
    user: query.user ?? '',
    from: DATE.test(query.from ?? '') ? query.from! : '',
    to: DATE.test(query.to ?? '') ? query.to! : '',
  }
}

/** Dates are whole days: `to` includes the day it names. */
function filterOf(values: AuditQueryValues): AuditFilter {
  return {
    personRef: values.person || null,
    actorUserId: values.user || null,
    from: values.from ? `${values.from}T00:00:00.000Z` : null,
    to: values.to ? nextDay(values.to) : null,
  }
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`)
  d.setUTCDate(d.getUTCDate() + 1)

  return d.toISOString()
}
