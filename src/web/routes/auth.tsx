import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import {
  changePassword,
  findLivePendingSignIn,
  signInWithPassword,
  signInWithTotp,
  startPendingSignIn,
} from '../../security/accounts.js'
import type { SignInDeps } from '../../security/accounts.js'
import { csrfTokenMatches } from '../../security/csrf.js'
import { SignInThrottle } from '../../security/throttle.js'
import { totpRequired } from '../../security/totp.js'
import { recordAudit } from '../../privacy/audit.js'
import { auditActor } from '../audit-actor.js'
import type { User } from '../../store/users.js'
import { CsrfError } from '../errors.js'
import { TotpSignInPage } from '../views/account.js'
import {
  endSession,
  SESSION_COOKIE,
  startSession,
} from '../../security/sessions.js'
import type { SessionStore } from '../../security/sessions.js'
import type { AppContext } from '../../services/context.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { CsrfOnlyBody, PasswordBody, SignInBody } from '../schemas.js'
import { PasswordPage } from '../views/password.js'
import { SignInPage } from '../views/sign-in.js'

export const SESSION_COOKIE_OPTIONS = {
  path: '/',
  secure: true,
  httpOnly: true,
  sameSite: 'lax',
} as const

/** The half-signed-in state between password and TOTP code. */
export const PENDING_COOKIE = '__Host-telekost-pending'
const PENDING_COOKIE_OPTIONS = { ...SESSION_COOKIE_OPTIONS, maxAge: 300 }

const FORM_LIMIT = 16 * 1024

const TotpCodeBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  code: Type.String({ maxLength: 20 }),
})
type TotpCodeBody = Static<typeof TotpCodeBody>

export function authRoutes(
  app: FastifyInstance,
  context: AppContext,
  store: SessionStore,
): void {
  const limits = {
    idleMinutes: context.config.sessionIdleMinutes,
    absoluteHours: context.config.sessionAbsoluteHours,
  }
  const deps: SignInDeps & { totpKey: Buffer } = {
    db: context.db,
    security: context.security,
    throttle: new SignInThrottle(context.counters),
    requireTotpFor: context.config.requireTotpFor,
    totpKey: context.totpKey,
  }

  async function signedIn(
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
  ) {
    await endOldSession(request, store)
    const started = await startSession(store, limits, {
      userId: user.id,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    })
    reply.setCookie(SESSION_COOKIE, started.id, SESSION_COOKIE_OPTIONS)
    await recordAudit(context, {
      actor: {
        userId: user.id,
        name: `${user.displayName} (${user.username})`,
      },
      action: 'sign-in',
      subjectType: 'user',
      subjectId: user.id,
      purpose: 'innlogging',
      details: { ip: request.ip },
    })

    return seeOther(reply, firstPage(user, context.config.requireTotpFor))
  }

  app.get('/sign-in', { config: { access: 'public' } }, (request, reply) =>
    sendPage(
      reply,
      <SignInPage page={pageContext(request)} failed={false} username="" />,
    ),
  )

  app.post<{ Body: SignInBody }>(
    '/sign-in',
    {
      config: { access: 'public' },
      bodyLimit: FORM_LIMIT,
      schema: { body: SignInBody },
    },
    async (request, reply) => {
      const { username, password } = request.body
      const outcome = await signInWithPassword(
        deps,
        username,
        password,
        request.ip,
      )
      if (outcome.kind === 'refused') {
        return signInFailed(request, reply, username)
      }
      if (outcome.kind === 'signed-in') {
        return signedIn(request, reply, outcome.user)
      }
      const pending = await startPendingSignIn(context.db, outcome.user.id)
      reply.setCookie(PENDING_COOKIE, pending.id, PENDING_COOKIE_OPTIONS)

      return seeOther(reply, '/sign-in/totp')
    },
  )

  app.get(
    '/sign-in/totp',
    { config: { access: 'public' } },
    async (request, reply) => {
      const pending = await findLivePendingSignIn(
        context.db,
        request.cookies[PENDING_COOKIE] ?? '',
      )
      if (!pending) return seeOther(reply, '/sign-in')

      return sendPage(
        reply,
        <TotpSignInPage
          page={{ ...pageContext(request), auth: null }}
          csrfToken={pending.csrfToken}
          failed={false}
        />,
      )
    },
  )

  app.post<{ Body: TotpCodeBody }>(
    '/sign-in/totp',
    {
      config: { access: 'public' },
      bodyLimit: FORM_LIMIT,
      schema: { body: TotpCodeBody },
    },
    async (request, reply) => {
      const pending = await findLivePendingSignIn(
        context.db,
        request.cookies[PENDING_COOKIE] ?? '',
      )
      if (!pending) return seeOther(reply, '/sign-in')
      if (!csrfTokenMatches(request.body._csrf, pending.csrfToken)) {
        throw new CsrfError('csrf-token')
      }
      const outcome = await signInWithTotp(
        deps,
        pending,
        request.body.code,
        request.ip,
      )
      if (outcome.kind === 'gone') return seeOther(reply, '/sign-in')
      if (outcome.kind === 'wrong') {
        return sendPage(
          reply,
          <TotpSignInPage
            page={{ ...pageContext(request), auth: null }}
            csrfToken={pending.csrfToken}
            failed
          />,
          401,
        )
      }
      reply.clearCookie(PENDING_COOKIE, SESSION_COOKIE_OPTIONS)

      return signedIn(request, reply, outcome.user)
    },
  )

  app.post(
    '/sign-out',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { body: CsrfOnlyBody },
    },
    async (request, reply) => {
      await endOldSession(request, store)
      reply.clearCookie(SESSION_COOKIE, SESSION_COOKIE_OPTIONS)

      return seeOther(reply, '/sign-in')
    },
  )

  app.get('/password', { config: { access: 'signed-in' } }, (request, reply) =>
    sendPage(
      reply,
      <PasswordPage
        page={pageContext(request)}
        problems={[]}
        changed={
          request.query !== null && 'changed' in (request.query as object)
        }
      />,
    ),
  )

  app.post<{ Body: PasswordBody }>(
    '/password',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { body: PasswordBody },
    },
    async (request, reply) => {
      const page = pageContext(request)
      const { current, next, repeat } = request.body
      if (next !== repeat) {
        const problem = {
          code: 'password-repeat',
          message: page.t('passwordsDiffer'),
        }
        return sendPage(
          reply,
          <PasswordPage page={page} problems={[problem]} changed={false} />,
          422,
        )
      }
      const username = request.auth!.user.username
      const problem = await changePassword(context.db, username, current, next)
      if (problem) {
        return sendPage(
          reply,
          <PasswordPage page={page} problems={[problem]} changed={false} />,
          422,
        )
      }
      await recordAudit(context, {
        actor: auditActor(request),
        action: 'user.password-change',
        subjectType: 'user',
        subjectId: request.auth!.user.id,
        purpose: 'tilgangsstyring',
      })
      await renewSession(request, reply, store, limits)

      return seeOther(reply, '/password?changed')
    },
  )
}

/** Password first, then the second factor where the role needs one. */
function firstPage(user: User, requireTotpFor: readonly string[]): string {
  if (user.mustChangePassword) return '/password'
  if (totpRequired(user.role, requireTotpFor) && !user.totpEnabled) {
    return '/account/totp'
  }

  return '/invoices'
}

async function signInFailed(
  request: FastifyRequest,
  reply: FastifyReply,
  username: string,
) {
  const page = { ...pageContext(request), auth: null }

  return sendPage(
    reply,
    <SignInPage page={page} failed username={username} />,
    401,
  )
}

async function endOldSession(request: FastifyRequest, store: SessionStore) {
  const old = request.cookies[SESSION_COOKIE]
  if (old) await endSession(store, old)
}

/** A changed password ends every other session and starts a fresh one. */
async function renewSession(
  request: FastifyRequest,
  reply: FastifyReply,
  store: SessionStore,
  limits: { idleMinutes: number; absoluteHours: number },
) {
  const userId = request.auth!.user.id
  await store.deleteForUser(userId)
  const started = await startSession(store, limits, {
    userId,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  })
  reply.setCookie(SESSION_COOKIE, started.id, SESSION_COOKIE_OPTIONS)
}
