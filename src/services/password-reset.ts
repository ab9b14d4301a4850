import { randomBytes } from 'node:crypto'
import type { Problem } from '../domain/invoice.js'
import { recordAudit } from '../privacy/audit.js'
import type { AuditActor } from '../privacy/audit.js'
import { hashPassword, passwordProblem } from '../security/passwords.js'
import type { SessionStore } from '../security/sessions.js'
import { setInitialPassword } from '../store/users.js'
import type { User } from '../store/users.js'
import type { AppContext } from './context.js'

export type ResetOutcome =
  { ok: true; password: string } | { ok: false; problem: Problem }

/**
 * Gives a user a new initial password, given or generated, that must be
 * changed at the next sign-in, and ends every session the user has. The
 * password is returned so the caller can show it once; it is stored only
 * as a hash.
 */
export async function resetPassword(
  context: AppContext,
  store: SessionStore,
  reset: { actor: AuditActor; user: User; ip: string | null },
  given = '',
): Promise<ResetOutcome> {
  const problem = given === '' ? null : passwordProblem(given)
  if (problem) return { ok: false, problem }

  const password = given || randomBytes(18).toString('base64url')
  const { user } = reset
  await setInitialPassword(context.db, user.id, await hashPassword(password))
  await store.deleteForUser(user.id)
  await recordReset(context, reset)

  return { ok: true, password }
}

async function recordReset(
  context: AppContext,
  reset: { actor: AuditActor; user: User; ip: string | null },
) {
  await context.security.record({
    type: 'password-reset',
    severity: 6,
    ip: reset.ip,
    userId: reset.actor.userId,
    details: { targetUserId: reset.user.id },
  })
  await recordAudit(context, {
    actor: reset.actor,
    action: 'user.password-reset',
    subjectType: 'user',
    subjectId: reset.user.id,
    purpose: 'tilgangsstyring',
  })
}
