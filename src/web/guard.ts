import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  csrfTokenMatches,
  CSRF_FIELD,
  CSRF_HEADER,
  originAllowed,
  STATE_CHANGING,
} from '../security/csrf.js'
import { resolveApiToken, tokenMayCall } from '../security/api-tokens.js'
import { isRole } from '../security/roles.js'
import { totpRequired } from '../security/totp.js'
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
  TotpEnrolmentRequiredError,
  UnsupportedMediaTypeError,
} from './errors.js'
import type { Access, Auth, BodyKind } from './types.js'

/** Routes a user who must change password may still reach. */
const BEFORE_PASSWORD_CHANGE = new Set(['/password', '/sign-out'])

/** Routes a user who must enrol TOTP first may still reach. */
const BEFORE_TOTP_ENROLMENT = new Set(['/account/totp', '/sign-out'])

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
    checkSecondFactor(request, context.config.requireTotpFor)
    if (STATE_CHANGING.has(request.method)) {
      // A token comes in a header no cross-site page can set.
      if (!request.auth?.token) {
        checkOrigin(request, context.config.allowedOrigins)
      }
      checkBodyType(request)
    }
  })
  app.addHook('preValidation', async (request) => {
    if (
      STATE_CHANGING.has(request.method) &&
      request.auth &&
      !request.auth.token
    ) {
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
  const bearer = header(request, 'authorization')
  if (bearer?.startsWith('Bearer ')) return loadTokenAuth(request, context)

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

/**
 * An API token acts as its owner, on /api/v1/ only; elsewhere it signs
 * nobody in.
 */
async function loadTokenAuth(
  request: FastifyRequest,
  context: AppContext,
): Promise<Auth | null> {
  if (!(request.routeOptions.url ?? '').startsWith('/api/v1/')) return null

  const token = await resolveApiToken(
    context.db,
    header(request, 'authorization')!,
  )
  if (!token) return null
  const user = await findUserById(context.db, token.userId)
  if (!user || user.disabled || !isRole(user.role)) return null
  const costCentres =
    user.role === 'manager'
      ? await listUserCostCentres(context.db, user.id)
      : []
  const at = new Date().toISOString()

  return {
    user: { ...user, role: user.role },
    session: {
      idHash: `token:${token.id}`,
      userId: user.id,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: token.createdAt,
      lastSeenAt: at,
      expiresAt: token.expiresAt,
      ip: request.ip,
      userAgent: null,
    },
    sessionId: '',
    costCentres,
    token: { id: token.id, scopes: token.scopes },
  }
}

/**
 * A role that must use TOTP reaches nothing but enrolment until it has;
 * a token reaches only what its scopes name.
 */
function checkSecondFactor(
  request: FastifyRequest,
  requireTotpFor: readonly string[],
): void {
  const auth = request.auth
  const access = request.routeOptions.config.access ?? 'signed-in'
  const path = request.routeOptions.url ?? ''
  if (!auth || access === 'public' || isOpenPath(path)) return
  if (auth.token && !tokenMayCall(auth.token.scopes, request.method, path)) {
    throw new ForbiddenError()
  }
  if (auth.user.mustChangePassword) return
  if (
    totpRequired(auth.user.role, requireTotpFor) &&
    !auth.user.totpEnabled &&
    !BEFORE_TOTP_ENROLMENT.has(path)
  ) {
    throw new TotpEnrolmentRequiredError()
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

function checkOrigin(request: FastifyRequest, origins: string[]): void {
  const headers = {
    origin: request.headers.origin,
    secFetchSite: header(request, 'sec-fetch-site'),
  }
  if (!originAllowed(headers, origins)) {
    throw new CsrfError('csrf-origin', origins[0])
  }
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
