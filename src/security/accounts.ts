import { randomBytes } from 'node:crypto'
import type { Problem } from '../domain/invoice.js'
import type { Db } from '../store/db.js'
import {
  claimTotpStep,
  countUsers,
  findTotpSecrets,
  findUserById,
  findUserForSignIn,
  insertUser,
  updatePasswordHash,
} from '../store/users.js'
import type { User } from '../store/users.js'
import {
  countPendingAttempt,
  deletePendingSignIn,
  findPendingSignIn,
  insertPendingSignIn,
} from '../store/sessions.js'
import type { PendingSignIn } from '../store/sessions.js'
import type { SecurityMonitor } from './events/monitor.js'
import { hashSessionId, newSessionId } from './sessions.js'
import type { SignInThrottle } from './throttle.js'
import { acceptedTotpStep, openTotpSecret } from './totp.js'
import {
  dummyPasswordHash,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from './passwords.js'
import type { Role } from './roles.js'

export type SignInResult =
  { ok: true; user: User } | { ok: false; userId: string | null }

/**
 * Checks a name and password. An unknown name is verified against a dummy
 * hash, so it answers like a wrong password and takes about as long.
 */
export async function authenticate(
  db: Db,
  username: string,
  password: string,
): Promise<SignInResult> {
  const found = await findUserForSignIn(db, username.trim().toLowerCase())
  const hash = found?.passwordHash ?? (await dummyPasswordHash())
  const matches = await verifyPassword(hash, password)
  if (!found || !matches || found.disabled) {
    return { ok: false, userId: found?.id ?? null }
  }

  const { passwordHash: _, ...user } = found

  return { ok: true, user }
}

export async function createUser(
  db: Db,
  user: { username: string; displayName: string; role: Role },
  password: string,
  mustChangePassword = false,
): Promise<User> {
  return insertUser(db, {
    username: user.username.trim().toLowerCase(),
    displayName: user.displayName,
    role: user.role,
    passwordHash: await hashPassword(password),
    mustChangePassword,
  })
}

/** Sets a new password after checking the current one and the rules. */
export async function changePassword(
  db: Db,
  username: string,
  current: string,
  next: string,
): Promise<Problem | null> {
  const signedIn = await authenticate(db, username, current)
  if (!signedIn.ok) {
    return {
      code: 'password-current-wrong',
      message: 'Nåværende passord er feil.',
    }
  }
  if (next === current) {
    return {
      code: 'password-unchanged',
      message: 'Det nye passordet må være et annet enn det gamle.',
    }
  }
  const problem = passwordProblem(next)
  if (problem) return problem

  await updatePasswordHash(db, signedIn.user.id, await hashPassword(next))

  return null
}

/**
 * The first start: with no users at all, creates the administrator
 * `admin`. Without a configured password a random one is made, returned
 * for the caller to show once, and must be changed at first sign-in.
 */
export async function bootstrapAdministrator(
  db: Db,
  configuredPassword: string | null,
): Promise<{ created: boolean; generatedPassword: string | null }> {
  if ((await countUsers(db)) > 0) {
    return { created: false, generatedPassword: null }
  }
  if (configuredPassword) {
    const problem = passwordProblem(configuredPassword)
    if (problem) {
      throw new Error(`TELEKOST_ADMIN_PASSWORD: ${problem.message}`)
    }
  }
  const generated = configuredPassword ? null : randomPassword()
  await createUser(
    db,
    { username: 'admin', displayName: 'Administrator', role: 'admin' },
    configuredPassword ?? generated!,
    generated !== null,
  )

  return { created: true, generatedPassword: generated }
}

function randomPassword(): string {
  return randomBytes(18).toString('base64url')
}

export interface SignInDeps {
  db: Db
  security: SecurityMonitor
  throttle: SignInThrottle
  requireTotpFor: readonly string[]
}

export type SignInOutcome =
  | { kind: 'refused' }
  | { kind: 'signed-in'; user: User }
  | { kind: 'needs-totp'; user: User }

/**
 * The password step. A throttled attempt still checks the password, so
 * it costs the same and answers the same as a wrong one; whether the
 * name exists shows in neither.
 */
export async function signInWithPassword(
  deps: SignInDeps,
  username: string,
  password: string,
  ip: string,
): Promise<SignInOutcome> {
  const state = await deps.throttle.check(username, ip)
  const result = await authenticate(deps.db, username, password)
  if (state.throttled) {
    await deps.security.record({
      type: 'sign-in-throttled',
      severity: 5,
      ip,
      userId: result.ok ? result.user.id : result.userId,
      details: { reason: state.reason },
    })
    return { kind: 'refused' }
  }
  if (!result.ok) {
    await failedAttempt(deps, username, ip, result.userId, 'sign-in-failed')
    return { kind: 'refused' }
  }
  if (result.user.totpEnabled) return { kind: 'needs-totp', user: result.user }

  await deps.throttle.succeeded(username)

  return { kind: 'signed-in', user: result.user }
}

/**
 * A failed password or TOTP code: both count against the account, so a
 * stolen password does not buy unlimited guesses at the code.
 */
export async function failedAttempt(
  deps: Pick<SignInDeps, 'security' | 'throttle'>,
  username: string,
  ip: string,
  userId: string | null,
  type: 'sign-in-failed' | 'totp-failed',
): Promise<void> {
  const outcome = await deps.throttle.failed(username, ip)
  await deps.security.record({
    type,
    severity: type === 'totp-failed' ? 5 : 3,
    ip,
    userId,
  })
  if (outcome.accountLocked) {
    await deps.security.record({
      type: 'account-locked',
      severity: 6,
      ip,
      userId,
      details: { holdSeconds: Math.round(outcome.holdMs / 1000) },
    })
  }
}

const PENDING_MS = 5 * 60_000
export const MAX_TOTP_ATTEMPTS = 5

/** The half-signed-in state after the password: a row, not a session. */
export async function startPendingSignIn(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<{ id: string; csrfToken: string }> {
  const id = newSessionId()
  const csrfToken = randomBytes(32).toString('base64url')
  await insertPendingSignIn(db, {
    idHash: hashSessionId(id),
    userId,
    csrfToken,
    attempts: 0,
    expiresAt: new Date(now.getTime() + PENDING_MS).toISOString(),
  })

  return { id, csrfToken }
}

export async function findLivePendingSignIn(
  db: Db,
  id: string,
  now = new Date(),
): Promise<PendingSignIn | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null

  const pending = await findPendingSignIn(db, hashSessionId(id))
  if (!pending) return null
  if (
    Date.parse(pending.expiresAt) <= now.getTime() ||
    pending.attempts >= MAX_TOTP_ATTEMPTS
  ) {
    await deletePendingSignIn(db, pending.idHash)
    return null
  }

  return pending
}

export type TotpStepOutcome =
  { kind: 'signed-in'; user: User } | { kind: 'wrong' } | { kind: 'gone' }

/** The code step: a right code, not used before, finishes sign-in. */
export async function signInWithTotp(
  deps: SignInDeps & { totpKey: Buffer },
  pending: PendingSignIn,
  code: string,
  ip: string,
): Promise<TotpStepOutcome> {
  const user = await findUserById(deps.db, pending.userId)
  const secrets = await findTotpSecrets(deps.db, pending.userId)
  if (!user || user.disabled || !secrets?.secret) {
    await deletePendingSignIn(deps.db, pending.idHash)
    return { kind: 'gone' }
  }
  const state = await deps.throttle.check(user.username, ip)
  const secret = openTotpSecret(deps.totpKey, user.id, secrets.secret)
  const step = acceptedTotpStep(secret, code, secrets.lastStep)
  const claimed =
    step !== null && !state.throttled
      ? await claimTotpStep(deps.db, user.id, step)
      : false
  if (!claimed) {
    await countPendingAttempt(deps.db, pending.idHash)
    await failedAttempt(deps, user.username, ip, user.id, 'totp-failed')
    return { kind: 'wrong' }
  }
  await deletePendingSignIn(deps.db, pending.idHash)
  await deps.throttle.succeeded(user.username)

  return { kind: 'signed-in', user }
}
