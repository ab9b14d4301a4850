import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../../services/context.js'
import { CsrfError, ForbiddenError } from '../../web/errors.js'
import type { SecurityEventInput } from './types.js'

/**
 * Turns refusals the guard and the body parser raise into security
 * events: a failed CSRF check, a role without access, an upload over the
 * size limit. The error handler answers them as before.
 */
export function installRequestEvents(
  app: FastifyInstance,
  context: AppContext,
): void {
  app.addHook('onError', async (request, _reply, error) => {
    const event = eventFor(error, request)
    if (!event) return

    await context.security.record({
      ...event,
      ip: request.ip,
      userId: request.auth?.user.id ?? null,
      details: { ...event.details, ...where(request) },
    })
  })
}

type EventOf = Pick<SecurityEventInput, 'type' | 'severity' | 'details'>

function eventFor(
  error: FastifyError,
  request: FastifyRequest,
): EventOf | null {
  if (error instanceof CsrfError) {
    return { type: 'csrf-failed', severity: 6, details: { check: error.code } }
  }
  if (error instanceof ForbiddenError) {
    return { type: 'access-denied', severity: 4, details: {} }
  }
  const upload = request.routeOptions.config.body === 'multipart'
  if (upload && error.statusCode === 413) {
    return {
      type: 'upload-refused',
      severity: 4,
      details: { code: 'file-too-large' },
    }
  }

  return null
}

function where(request: FastifyRequest) {
  return { method: request.method, route: request.routeOptions.url ?? '' }
}
