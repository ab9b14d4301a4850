import { Secret, TOTP } from 'otpauth'
import { open, seal } from '../store/crypto.js'

/** RFC 6238 as every authenticator app does it. */
const PERIOD_SECONDS = 30
const DIGITS = 6
const ISSUER = 'Telekost'

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

function totp(secret: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  })
}

/** The `otpauth://` URI an authenticator app reads from a QR code. */
export function totpUri(secret: string, username: string): string {
  return totp(secret, username).toString()
}

export function totpStep(at: number): number {
  return Math.floor(at / (PERIOD_SECONDS * 1000))
}

/**
 * The time step a code belongs to, allowing one step either side for a
 * clock that drifts; null for a wrong code or one of a step already used.
 */
export function acceptedTotpStep(
  secret: string,
  code: string,
  lastStep: number | null,
  at = Date.now(),
): number | null {
  const token = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(token)) return null

  const delta = totp(secret).validate({ token, timestamp: at, window: 1 })
  if (delta === null) return null
  const step = totpStep(at) + delta
  if (lastStep !== null && step <= lastStep) return null

  return step
}

/** The current code; for tests and the enrolment page's own check. */
export function totpCode(secret: string, at = Date.now()): string {
  return totp(secret).generate({ timestamp: at })
}

/** Seals a secret for the database, bound to its user. */
export function sealTotpSecret(
  key: Buffer,
  userId: string,
  secret: string,
): string {
  return seal(key, Buffer.from(secret), Buffer.from(userId)).toString('base64')
}

export function openTotpSecret(
  key: Buffer,
  userId: string,
  sealed: string,
): string {
  const bytes = Buffer.from(sealed, 'base64')

  return open(key, bytes, Buffer.from(userId)).toString('utf8')
}

/** Whether this user's role must use a second factor. */
export function totpRequired(
  role: string,
  requireTotpFor: readonly string[],
): boolean {
  return requireTotpFor.includes(role)
}
