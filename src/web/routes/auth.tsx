import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { authenticate, changePassword } from '../../security/accounts.js'
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

const FORM_LIMIT = 16 * 1024

export function authRoutes(
  app: FastifyInstance,
  context: AppContext,
  store: SessionStore,
): void {
  const limits = {
    idleMinutes: context.config.sessionIdleMinutes,
    absoluteHours: context.config.sessionAbsoluteHours,
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
      const result = await authenticate(context.db, username, password)
      if (!result.ok) return signInFailed(request, reply, username)

      await endOldSession(request, store)
      const started = await startSession(store, limits, {
        userId: result.user.id,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      })
      reply.setCookie(SESSION_COOKIE, started.id, SESSION_COOKIE_OPTIONS)
      const next = result.user.mustChangePassword ? '/password' : '/invoices'

      return seeOther(reply, next)
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
      await renewSession(request, reply, store, limits)

      return seeOther(reply, '/password?changed')
    },
  )
}

async function signInFailed(
  request: FastifyRequest,
  reply: FastifyReply,
  username: string,
) {
  const page = { ...pageContext(request), auth: null }
  request.log.warn({ event: 'sign-in-failed' }, 'sign-in failed')

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
