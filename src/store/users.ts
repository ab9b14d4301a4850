import { randomUUID } from 'node:crypto'
import type { Db } from './db.js'
import type { UserRow } from './schema.js'

export interface User {
  id: string
  username: string
  displayName: string
  role: string
  mustChangePassword: boolean
  disabled: boolean
  totpEnabled: boolean
}

/** A user with the hash, for sign-in only; never leaves src/security. */
export interface UserWithHash extends User {
  passwordHash: string
}

export interface NewUser {
  username: string
  displayName: string
  role: string
  passwordHash: string
  mustChangePassword: boolean
}

export async function insertUser(db: Db, user: NewUser): Promise<User> {
  const id = randomUUID()
  const now = new Date().toISOString()
  await db
    .insertInto('users')
    .values({
      id,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      must_change_password: user.mustChangePassword ? 1 : 0,
      totp_secret: null,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute()

  return { id, ...user, disabled: false, totpEnabled: false }
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow()

  return Number(row.n)
}

export async function findUserById(db: Db, id: string): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()

  return row ? toUser(row) : null
}

export async function findUserForSignIn(
  db: Db,
  username: string,
): Promise<UserWithHash | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst()

  return row ? { ...toUser(row), passwordHash: row.password_hash } : null
}

/** A password the user chose: it need not be changed again. */
export async function updatePasswordHash(
  db: Db,
  id: string,
  passwordHash: string,
): Promise<void> {
  await writePassword(db, id, passwordHash, false)
}

/** A new initial password, which must be changed at the next sign-in. */
export async function setInitialPassword(
  db: Db,
  id: string,
  passwordHash: string,
): Promise<void> {
  await writePassword(db, id, passwordHash, true)
}

async function writePassword(
  db: Db,
  id: string,
  passwordHash: string,
  mustChange: boolean,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: mustChange ? 1 : 0,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute()
}

export async function listUserCostCentres(
  db: Db,
  userId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('user_cost_centres')
    .select('cost_centre_code')
    .where('user_id', '=', userId)
    .orderBy('cost_centre_code')
    .execute()

  return rows.map((r) => r.cost_centre_code)
}

export async function grantCostCentre(
  db: Db,
  userId: string,
  costCentre: string,
): Promise<void> {
  await db
    .insertInto('user_cost_centres')
    .values({ user_id: userId, cost_centre_code: costCentre })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    mustChangePassword: row.must_change_password === 1,
    disabled: row.disabled_at !== null,
    totpEnabled: row.totp_secret !== null,
  }
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .orderBy('username')
    .execute()

  return rows.map(toUser)
}

export async function updateRole(
  db: Db,
  id: string,
  role: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ role, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute()
}

export async function setDisabled(
  db: Db,
  id: string,
  disabled: boolean,
): Promise<void> {
  const now = new Date().toISOString()
  await db
    .updateTable('users')
    .set({ disabled_at: disabled ? now : null, updated_at: now })
    .where('id', '=', id)
    .execute()
}

/** Replaces a manager's cost centres with the given codes. */
export async function setCostCentres(
  db: Db,
  userId: string,
  codes: string[],
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('user_cost_centres')
      .where('user_id', '=', userId)
      .execute()
    for (const code of codes) await grantCostCentre(tx, userId, code)
  })
}

export interface TotpSecrets {
  /** The confirmed secret, sealed; null while TOTP is off. */
  secret: string | null
  /** A secret shown for enrolment but not yet confirmed, sealed. */
  pending: string | null
  lastStep: number | null
}

export async function findTotpSecrets(
  db: Db,
  id: string,
): Promise<TotpSecrets | null> {
  const row = await db
    .selectFrom('users')
    .select(['totp_secret', 'totp_pending_secret', 'totp_last_step'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return null

  return {
    secret: row.totp_secret,
    pending: row.totp_pending_secret,
    lastStep: row.totp_last_step,
  }
}

/** Makes a confirmed enrolment secret the one sign-in asks for. */
export async function confirmTotpSecret(
  db: Db,
  id: string,
  sealed: string,
  step: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      totp_secret: sealed,
      totp_pending_secret: null,
      totp_last_step: step,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute()
}

export async function clearTotp(db: Db, id: string): Promise<void> {
  await db
    .updateTable('users')
    .set({
      totp_secret: null,
      totp_pending_secret: null,
      totp_last_step: null,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute()
}

/**
 * Records a TOTP time step as used, only if it is later than the last
 * one: two requests racing with the same code cannot both win.
 */
export async function claimTotpStep(
  db: Db,
  id: string,
  step: number,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('totp_last_step', 'is', null),
        eb('totp_last_step', '<', step),
      ]),
    )
    .executeTakeFirst()

  return Number(result.numUpdatedRows) === 1
}
