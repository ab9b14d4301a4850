import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  API_SCOPES,
  createApiToken,
  tokenRequestProblem,
} from '../../security/api-tokens.js'
import { endSessionByHandle, sessionHandle } from '../../security/sessions.js'
import type { SessionStore, StoredSession } from '../../security/sessions.js'
import {
  acceptedTotpStep,
  newTotpSecret,
  openTotpSecret,
  sealTotpSecret,
  totpRequired,
  totpUri,
} from '../../security/totp.js'
import type { AppContext } from '../../services/context.js'
import { listApiTokens, revokeApiToken } from '../../store/api-tokens.js'
import { confirmTotpSecret, findTotpSecrets } from '../../store/users.js'
import { NotFoundError } from '../errors.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { ApiTokensPage, SessionsPage, TotpEnrolPage } from '../views/account.js'
import type { EnrolState, SessionRow } from '../views/account.js'

const FORM_LIMIT = 16 * 1024
const csrf = Type.Optional(Type.String({ maxLength: 200 }))

const CodeBody = Type.Object({
  _csrf: csrf,
  code: Type.String({ maxLength: 20 }),
  enrol: Type.String({ maxLength: 500 }),
})
type CodeBody = Static<typeof CodeBody>

const TokenBody = Type.Object({
  _csrf: csrf,
  name: Type.String({ maxLength: 100 }),
  scopes: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 40 }),
      Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }),
    ]),
  ),
  days: Type.String({ pattern: '^[0-9]{1,4}$' }),
})
type TokenBody = Static<typeof TokenBody>

const HandleParams = Type.Object({
  handle: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }),
})
type HandleParams = Static<typeof HandleParams>

const TokenParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
})
type TokenParams = Static<typeof TokenParams>

/** A user's own account: second factor, sessions, API tokens. */
export function accountRoutes(
  app: FastifyInstance,
  context: AppContext,
  store: SessionStore,
): void {
  const signedIn = { access: 'signed-in' } as const

  app.get('/account/totp', { config: signedIn }, async (request, reply) => {
    const state = await enrolState(context, request)
    const enabledNow = 'enabled' in (request.query as object)

    return sendPage(
      reply,
      <TotpEnrolPage
        page={pageContext(request)}
        state={state}
        problems={[]}
        enabledNow={enabledNow}
      />,
    )
  })

  app.post<{ Body: CodeBody }>(
    '/account/totp',
    { config: signedIn, bodyLimit: FORM_LIMIT, schema: { body: CodeBody } },
    async (request, reply) => {
      const user = request.auth!.user
      const secrets = await findTotpSecrets(context.db, user.id)
      if (secrets?.secret) return seeOther(reply, '/account/totp')

      const sealed = request.body.enrol
      const secret = openEnrolSecret(context, user.id, sealed)
      const step = secret
        ? acceptedTotpStep(secret, request.body.code, null)
        : null
      if (step === null) {
        await context.security.record({
          type: 'totp-failed',
          severity: 5,
          ip: request.ip,
          userId: user.id,
          details: { during: 'enrolment' },
        })
        const page = pageContext(request)
        const problem = { code: 'totp-wrong', message: page.t('totpFailed') }
        const state = await enrolState(context, request, secret ? sealed : null)
        return sendPage(
          reply,
          <TotpEnrolPage
            page={page}
            state={state}
            problems={[problem]}
            enabledNow={false}
          />,
          422,
        )
      }
      await confirmTotpSecret(context.db, user.id, sealed, step)

      return seeOther(reply, '/account/totp?enabled')
    },
  )

  app.get('/account/sessions', { config: signedIn }, async (request, reply) => {
    const auth = request.auth!
    const sessions = await store.listForUser(auth.user.id)

    return sendPage(
      reply,
      <SessionsPage
        page={pageContext(request)}
        sessions={sessionRows(sessions, auth.session.idHash)}
      />,
    )
  })

  app.post<{ Params: HandleParams }>(
    '/account/sessions/:handle/end',
    {
      config: signedIn,
      bodyLimit: FORM_LIMIT,
      schema: { params: HandleParams },
    },
    async (request, reply) => {
      const auth = request.auth!
      const ended = await endSessionByHandle(
        store,
        auth.user.id,
        request.params.handle,
      )
      if (!ended) throw new NotFoundError()
      await context.security.record({
        type: 'session-ended',
        severity: 2,
        ip: request.ip,
        userId: auth.user.id,
        details: { by: 'owner' },
      })

      return seeOther(reply, '/account/sessions')
    },
  )

  app.get('/account/api-tokens', { config: signedIn }, async (request, reply) =>
    sendPage(
      reply,
      <ApiTokensPage
        page={pageContext(request)}
        tokens={await listApiTokens(context.db, request.auth!.user.id)}
        scopes={API_SCOPES}
        created={null}
        problems={[]}
      />,
    ),
  )

  app.post<{ Body: TokenBody }>(
    '/account/api-tokens',
    { config: signedIn, bodyLimit: FORM_LIMIT, schema: { body: TokenBody } },
    async (request, reply) => {
      const userId = request.auth!.user.id
      const { name, days } = request.body
      const scopes = [request.body.scopes ?? []].flat()
      const tokenRequest = { name, scopes, days: Number(days) }
      const problem = tokenRequestProblem(tokenRequest)
      const created = problem
        ? null
        : await createApiToken(context.db, userId, tokenRequest)
      if (created) {
        await context.security.record({
          type: 'api-token-created',
          severity: 4,
          ip: request.ip,
          userId,
          details: { tokenId: created.id, scopes: scopes.join(' ') },
        })
      }

      return sendPage(
        reply,
        <ApiTokensPage
          page={pageContext(request)}
          tokens={await listApiTokens(context.db, userId)}
          scopes={API_SCOPES}
          created={created}
          problems={problem ? [problem] : []}
        />,
        problem ? 422 : 201,
      )
    },
  )

  app.post<{ Params: TokenParams }>(
    '/account/api-tokens/:id/revoke',
    {
      config: signedIn,
      bodyLimit: FORM_LIMIT,
      schema: { params: TokenParams },
    },
    async (request, reply) => {
      const userId = request.auth!.user.id
      const revoked = await revokeApiToken(
        context.db,
        userId,
        request.params.id,
      )
      if (!revoked) throw new NotFoundError()
      await context.security.record({
        type: 'api-token-revoked',
        severity: 4,
        ip: request.ip,
        userId,
        details: { tokenId: request.params.id },
      })

      return seeOther(reply, '/account/api-tokens')
    },
  )
}

/**
 * The secret to enrol. Viewing the page changes nothing: a new secret is
 * made for each view and travels sealed to this user in the form, so only
 * a confirmed code writes it.
 */
async function enrolState(
  context: AppContext,
  request: FastifyRequest,
  sealedBefore: string | null = null,
): Promise<EnrolState> {
  const user = request.auth!.user
  const secrets = await findTotpSecrets(context.db, user.id)
  if (secrets?.secret) return { kind: 'enabled' }

  const earlier = sealedBefore
    ? openEnrolSecret(context, user.id, sealedBefore)
    : null
  const secret = earlier ?? newTotpSecret()

  return {
    kind: 'enrol',
    secret,
    sealed: sealedBefore ?? sealTotpSecret(context.totpKey, user.id, secret),
    uri: totpUri(secret, user.username),
    required: totpRequired(user.role, context.config.requireTotpFor),
  }
}

/** Opens a sealed enrolment secret, or null when it was not sealed to them. */
function openEnrolSecret(
  context: AppContext,
  userId: string,
  sealed: string,
): string | null {
  try {
    return openTotpSecret(context.totpKey, userId, sealed)
  } catch {
    return null
  }
}

export function sessionRows(
  sessions: StoredSession[],
  currentIdHash: string | null,
): SessionRow[] {
  return sessions.map((s) => ({
    handle: sessionHandle(s),
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    ip: s.ip,
    userAgent: s.userAgent,
    current: s.idHash === currentIdHash,
  }))
}
