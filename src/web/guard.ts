import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  csrfTokenMatches,
  CSRF_FIELD,
  CSRF_HEADER,
  originAllowed,
  STATE_CHANGING,
} from '../security/csrf.js'
import { isRole } from '../security/roles.js'
import {
  endSession,
  resumeSession,
  SESSION_COOKIE,
} from '../security/sessions.js'
import type { SessionLimits, SessionStore } from '../security/sessions.js'
import type { AppContext } from '../services/context.js'
import { findUserById, listUserCostCentres } from '../store/users.js'
import {
  CsrfError,
  ForbiddenError,
  NotSignedInError,
  PasswordChangeRequiredError,
  UnsupportedMediaTypeError,
} from './errors.js'
import type { Access, Auth, BodyKind } from './types.js'

/** Routes a user who must change password may still reach. */
const BEFORE_PASSWORD_CHANGE = new Set(['/password', '/sign-out'])

const BODY_TYPES: Record<BodyKind, string[]> = {
  form: ['application/x-www-form-urlencoded'],
  multipart: ['multipart/form-data'],
  json: ['application/json'],
  none: [],
}

/**
 * Every request: who is asking (the session row is read each time, so an
 * ended session is dead at once), whether they may call the route, and
 * for state changes whether the browser and the token vouch for it.
 */
export function installGuard(
  app: FastifyInstance,
  context: AppContext,
  store: SessionStore,
): void {
  const limits: SessionLimits = {
    idleMinutes: context.config.sessionIdleMinutes,
    absoluteHours: context.config.sessionAbsoluteHours,
  }
  app.decorateRequest('auth', null)
  app.addHook('onRequest', async (request) => {
    request.auth = await loadAuth(request, context, store, limits)
    checkAccess(request)
    if (STATE_CHANGING.has(request.method)) {
      checkOrigin(request, context.config.origin)
      checkBodyType(request)
    }
  })
  app.addHook('preValidation', async (request) => {
    if (STATE_CHANGING.has(request.method) && request.auth) {
      checkCsrfToken(request, request.auth)
    }
  })
}

async function loadAuth(
  request: FastifyRequest,
  context: AppContext,
  store: SessionStore,
  limits: SessionLimits,
): Promise<Auth | null> {
  const sessionId = request.cookies[SESSION_COOKIE]
  if (!sessionId) return null

  const session = await resumeSession(store, limits, sessionId)
  if (!session) return null
  const user = await findUserById(context.db, session.userId)
  if (!user || user.disabled || !isRole(user.role)) {
    await endSession(store, sessionId)
    return null
  }
  const costCentres =
    user.role === 'manager'
      ? await listUserCostCentres(context.db, user.id)
      : []

  return {
    user: { ...user, role: user.role },
    session,
    sessionId,
    costCentres,
  }
}

function checkAccess(request: FastifyRequest): void {
  const access: Access = request.routeOptions.config.access ?? 'signed-in'
  if (access === 'public' || isOpenPath(request.routeOptions.url)) return

  const auth = request.auth
  if (!auth) throw new NotSignedInError()
  const path = request.routeOptions.url ?? ''
  if (auth.user.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(path)) {
    throw new PasswordChangeRequiredError()
  }
  if (access !== 'signed-in' && !access.includes(auth.user.role)) {
    throw new ForbiddenError()
  }
}

/** Static assets and the not-found answer need no session. */
function isOpenPath(url: string | undefined): boolean {
  return url === undefined || url.startsWith('/assets/')
}

function checkOrigin(request: FastifyRequest, origin: string): void {
  const headers = {
    origin: request.headers.origin,
    secFetchSite: header(request, 'sec-fetch-site'),
  }
  if (!originAllowed(headers, origin)) throw new CsrfError('csrf-origin')
}

function checkBodyType(request: FastifyRequest): void {
  const kind = request.routeOptions.config.body ?? 'form'
  const type = (request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase()
  const hasBody =
    request.headers['content-length'] !== undefined &&
    request.headers['content-length'] !== '0'
  if (type === '' && !hasBody) return
  if (!BODY_TYPES[kind].includes(type)) throw new UnsupportedMediaTypeError()
}

function checkCsrfToken(request: FastifyRequest, auth: Auth): void {
  const sent = header(request, CSRF_HEADER) || fieldValue(request.body)
  if (!csrfTokenMatches(sent, auth.session.csrfToken)) {
    throw new CsrfError('csrf-token')
  }
}

/** `_csrf` from a form body, or from a multipart body's field object. */
function fieldValue(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined

  const field: unknown = (body as Record<string, unknown>)[CSRF_FIELD]
  if (typeof field === 'string') return field
  if (typeof field === 'object' && field !== null && 'value' in field) {
    const value = (field as { value: unknown }).value
    return typeof value === 'string' ? value : undefined
  }

  return undefined
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]

  return Array.isArray(value) ? value[0] : value
}
