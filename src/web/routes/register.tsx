import type { FastifyInstance } from 'fastify'
import { saveNumberRule } from '../../services/register.js'
import type { AppContext } from '../../services/context.js'
import { listCostCentres, listNumberRules } from '../../store/register.js'
import { ACCESS, may } from '../access.js'
import { auditActor } from '../audit-actor.js'
import { BadRequestError } from '../errors.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { RuleBody } from '../schemas.js'
import { receiveRegisterUpload, uploadedFile } from '../upload.js'
import { CostCentresPage, ImportPage, RulesPage } from '../views/register.js'

const REGISTER_UPLOAD_LIMIT = 10 * 1024 * 1024

export function registerRoutes(
  app: FastifyInstance,
  context: AppContext,
): void {
  const { db } = context

  app.get(
    '/register/cost-centres',
    { config: { access: ACCESS.readRegister } },
    async (request, reply) =>
      sendPage(
        reply,
        <CostCentresPage
          page={pageContext(request)}
          costCentres={await listCostCentres(db)}
        />,
      ),
  )

  app.get(
    '/register/import',
    { config: { access: ACCESS.editRegister } },
    (request, reply) =>
      sendPage(
        reply,
        <ImportPage
          page={pageContext(request)}
          summary={null}
          problems={[]}
          refused={false}
        />,
      ),
  )

  app.post(
    '/register/import',
    {
      config: { access: ACCESS.editRegister, body: 'multipart' },
      bodyLimit: REGISTER_UPLOAD_LIMIT + 64 * 1024,
    },
    async (request, reply) => {
      const page = pageContext(request)
      const file = await uploadedFile(request.body)
      const { outcome, status } = await receiveRegisterUpload(
        context,
        request,
        file,
        auditActor(request),
      )
      const summary = outcome.ok
        ? page.t('importDone', {
            created: outcome.created,
            updated: outcome.updated,
            centres: outcome.costCentres,
          })
        : null

      return sendPage(
        reply,
        <ImportPage
          page={page}
          summary={summary}
          problems={outcome.problems}
          refused={!outcome.ok}
        />,
        status,
      )
    },
  )

  app.get(
    '/register/rules',
    { config: { access: ACCESS.readRegister } },
    async (request, reply) => {
      const page = pageContext(request)
      const saved = 'saved' in (request.query as object)

      return sendPage(
        reply,
        <RulesPage
          page={page}
          rules={await listNumberRules(db)}
          costCentres={await listCostCentres(db)}
          canEdit={may(request.auth!.user.role, ACCESS.editRegister)}
          notice={saved ? page.t('ruleSaved') : null}
          problems={[]}
        />,
      )
    },
  )

  app.post<{ Body: RuleBody }>(
    '/register/rules',
    {
      config: { access: ACCESS.editRegister },
      bodyLimit: 16 * 1024,
      schema: { body: RuleBody },
    },
    async (request, reply) => {
      const b = request.body
      const result = await saveNumberRule(
        context,
        {
          phone: b.phone,
          label: b.label.trim(),
          validFrom: b.validFrom || null,
          validTo: b.validTo || null,
          parts: ruleParts(b),
        },
        auditActor(request),
      )
      if (!result.ok) throw new BadRequestError([result.problem])

      return seeOther(reply, '/register/rules?saved')
    },
  )
}

function ruleParts(body: RuleBody) {
  const rows = [
    [body.costCentre0, body.percent0],
    [body.costCentre1, body.percent1],
    [body.costCentre2, body.percent2],
  ]
  const parts = rows.filter(([code]) => code)
  const single = parts.length === 1

  return parts.map(([code, percent]) => ({
    costCentre: code!,
    percent: single && !percent ? 100 : parsePercent(percent),
  }))
}

function parsePercent(text: string | undefined): number {
  const value = Number((text ?? '').trim().replace(',', '.'))
  if (
    !Number.isFinite(value) ||
    !/^\d{1,3}([.,]\d{1,2})?$/.test((text ?? '').trim())
  ) {
    throw new BadRequestError([
      {
        code: 'percent-invalid',
        message:
          'Skriv prosentandelen som et tall, for eksempel 50 eller 33,33.',
      },
    ])
  }

  return value
}
