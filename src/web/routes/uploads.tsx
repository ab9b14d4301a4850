import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Problem } from '../../domain/invoice.js'
import type { AppContext } from '../../services/context.js'
import { saveLayoutProfile } from '../../store/profiles.js'
import { ACCESS } from '../access.js'
import { BadRequestError } from '../errors.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { MappingBody } from '../schemas.js'
import {
  receiveInvoiceUpload,
  refusalStatus,
  unrecognisedHeaders,
  uploadedFile,
} from '../upload.js'
import { MAPPING_FIELDS, UploadPage } from '../views/upload.js'

export function uploadRoutes(app: FastifyInstance, context: AppContext): void {
  app.get(
    '/invoices/upload',
    { config: { access: ACCESS.workInvoices } },
    (request, reply) =>
      showUpload(request, reply, {
        mappingSaved: 'mapping-saved' in (request.query as object),
      }),
  )

  app.post(
    '/invoices/upload',
    {
      config: { access: ACCESS.workInvoices, body: 'multipart' },
      bodyLimit: context.config.maxUploadBytes + 64 * 1024,
    },
    async (request, reply) => {
      const file = await uploadedFile(request.body)
      const outcome = await receiveInvoiceUpload(context, request, file)
      if (outcome.ok === 'pending') {
        return showUpload(request, reply, {
          problems: [STILL_READING],
          statusCode: 202,
        })
      }
      if (outcome.ok) return seeOther(reply, `/invoices/${outcome.invoiceId}`)

      return showUpload(request, reply, {
        problems: outcome.problems,
        duplicateId: outcome.invoiceId ?? null,
        mappingHeaders: unrecognisedHeaders(outcome.problems),
        statusCode: refusalStatus(outcome),
      })
    },
  )

  app.post<{ Body: MappingBody }>(
    '/layout-profiles',
    {
      config: { access: ACCESS.workInvoices },
      bodyLimit: 16 * 1024,
      schema: { body: MappingBody },
    },
    async (request, reply) => {
      const mapping = mappingFrom(request.body)
      const name = (request.body['name'] ?? '').trim() || 'Telia Norge'
      await saveLayoutProfile(
        context.db,
        { name, supplier: 'Telia Norge', sheet: { columns: {}, mapping } },
        'sheet',
      )

      return seeOther(reply, '/invoices/upload?mapping-saved')
    },
  )
}

/** The file is kept and still being read when the wait runs out. */
const STILL_READING: Problem = {
  code: 'still-reading',
  message:
    'Fakturaen er tatt imot og leses fortsatt. Den kommer i fakturalisten ' +
    'når den er lest; du trenger ikke laste den opp på nytt.',
}

function showUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    problems?: Problem[]
    duplicateId?: string | null
    mappingHeaders?: string[] | null
    mappingSaved?: boolean
    statusCode?: number
  },
) {
  return sendPage(
    reply,
    <UploadPage
      page={pageContext(request)}
      problems={options.problems ?? []}
      duplicateId={options.duplicateId ?? null}
      mappingHeaders={options.mappingHeaders ?? null}
      mappingSaved={options.mappingSaved ?? false}
    />,
    options.statusCode ?? 200,
  )
}

function mappingFrom(body: MappingBody): Record<string, string> {
  const mapping: Record<string, string> = {}
  for (const [field] of MAPPING_FIELDS) {
    const header = body[field]?.trim()
    if (header) mapping[field] = header
  }
  if (!mapping['phone'] || !(mapping['net'] || mapping['total'])) {
    throw new BadRequestError([
      {
        code: 'mapping-incomplete',
        message:
          'Velg minst kolonnene for telefonnummer og beløp, og lagre igjen.',
      },
    ])
  }

  return mapping
}
