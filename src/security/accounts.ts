import { randomBytes } from 'node:crypto'
import type { Problem } from '../domain/invoice.js'
import type { Db } from '../store/db.js'
import {
  countUsers,
  findUserForSignIn,
  insertUser,
  updatePasswordHash,
} from '../store/users.js'
import type { User } from '../store/users.js'
import {
  dummyPasswordHash,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from './passwords.js'
import type { Role } from './roles.js'

export type SignInResult = { ok: true; user: User } | { ok: false }

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
  if (!found || !matches || found.disabled) return { ok: false }

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
