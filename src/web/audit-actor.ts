import type { FastifyRequest } from 'fastify'
import type { AuditActor } from '../privacy/audit.js'

/** The signed-in user as the audit trail names them. */
export function auditActor(request: FastifyRequest): AuditActor {
  const user = request.auth?.user
  if (!user) return { userId: null, name: 'anonym' }

  return { userId: user.id, name: `${user.displayName} (${user.username})` }
}
