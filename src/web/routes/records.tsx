import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { recordPdf } from '../../privacy/records-pdf.js'
import {
  currentRecord,
  retentionInEffect,
  saveRecord,
} from '../../privacy/records.js'
import type { AppContext } from '../../services/context.js'
import { ACCESS, may } from '../access.js'
import { auditActor } from '../audit-actor.js'
import { attachment } from '../download.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { RecordEditPage, RecordsPage } from '../views/records.js'

const RECORD_LIMIT = 128 * 1024

const RecordBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  yaml: Type.String({ minLength: 1, maxLength: 100_000 }),
})
type RecordBody = Static<typeof RecordBody>

const SavedQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 10 })),
  lang: Type.Optional(Type.String({ maxLength: 5 })),
})
type SavedQuery = Static<typeof SavedQuery>

/** The record of processing: read, PDF, and the privacy officer's editor. */
export function processingRecordRoutes(
  app: FastifyInstance,
  context: AppContext,
): void {
  app.get<{ Querystring: SavedQuery }>(
    '/privacy/records',
    {
      config: { access: ACCESS.readRecords },
      schema: { querystring: SavedQuery },
    },
    async (request, reply) => {
      const current = await currentRecord(context)
      const role = request.auth!.user.role

      return sendPage(
        reply,
        <RecordsPage
          page={pageContext(request)}
          current={current}
          retention={retentionInEffect(context.config)}
          canEdit={may(role, ACCESS.editRecords)}
          saved={request.query.saved ?? null}
        />,
      )
    },
  )

  app.get(
    '/privacy/records.pdf',
    { config: { access: ACCESS.readRecords } },
    async (_request, reply) => {
      const current = await currentRecord(context)
      const retention = retentionInEffect(context.config)
      const bytes = await recordPdf(current.record, retention)

      return reply
        .header('content-disposition', attachment('behandlingsprotokoll.pdf'))
        .type('application/pdf')
        .send(Buffer.from(bytes))
    },
  )

  app.get(
    '/privacy/records/edit',
    { config: { access: ACCESS.editRecords } },
    async (request, reply) => {
      const current = await currentRecord(context)

      return sendPage(
        reply,
        <RecordEditPage
          page={pageContext(request)}
          yaml={current.yaml}
          problems={[]}
        />,
      )
    },
  )

  app.post<{ Body: RecordBody }>(
    '/privacy/records/edit',
    {
      config: { access: ACCESS.editRecords },
      bodyLimit: RECORD_LIMIT,
      schema: { body: RecordBody },
    },
    async (request, reply) => {
      const { yaml } = request.body
      const outcome = await saveRecord(context, auditActor(request), yaml)
      if (!outcome.ok) {
        return sendPage(
          reply,
          <RecordEditPage
            page={pageContext(request)}
            yaml={yaml}
            problems={outcome.problems}
          />,
          422,
        )
      }

      return seeOther(reply, `/privacy/records?saved=${outcome.version}`)
    },
  )
}
