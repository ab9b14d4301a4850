/**
 * Security events: what happened, how bad (1–10), when, from where and by
 * whom. Details carry no password, token or phone number; the monitor
 * refuses keys that name them.
 */
export type SecurityEventType =
  | 'sign-in-failed'
  | 'sign-in-throttled'
  | 'account-locked'
  | 'totp-failed'
  | 'rate-limited'
  | 'upload-refused'
  | 'filename-refused'
  | 'csrf-failed'
  | 'access-denied'
  | 'parser-limit'
  | 'role-changed'
  | 'user-disabled'
  | 'session-ended'
  | 'api-token-created'
  | 'api-token-revoked'
  | 'key-rotated'
  | 'audit-chain-broken'
  | 'incident-deadline'
  | 'password-reset'
  | 'user-created'
  | 'totp-reset'

/** Every type once, for filters; a type missing here is a type error. */
const TYPES: Record<SecurityEventType, true> = {
  'sign-in-failed': true,
  'sign-in-throttled': true,
  'account-locked': true,
  'totp-failed': true,
  'rate-limited': true,
  'upload-refused': true,
  'filename-refused': true,
  'csrf-failed': true,
  'access-denied': true,
  'parser-limit': true,
  'role-changed': true,
  'user-disabled': true,
  'session-ended': true,
  'api-token-created': true,
  'api-token-revoked': true,
  'key-rotated': true,
  'audit-chain-broken': true,
  'incident-deadline': true,
  'password-reset': true,
  'user-created': true,
  'totp-reset': true,
}

export const SECURITY_EVENT_TYPES = Object.keys(TYPES) as SecurityEventType[]

export function isSecurityEventType(
  value: unknown,
): value is SecurityEventType {
  return typeof value === 'string' && Object.hasOwn(TYPES, value)
}

export type Severity = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10

export type EventDetails = Record<string, string | number | boolean | null>

export interface SecurityEventInput {
  type: SecurityEventType
  severity: Severity
  ip?: string | null
  userId?: string | null
  details?: EventDetails
}

export interface SecurityEvent {
  id: string
  type: SecurityEventType
  severity: Severity
  at: string
  ip: string | null
  userId: string | null
  details: EventDetails
}

/** Where recorded events go: a file, the main log, the database, alerts. */
export interface SecuritySink {
  write(event: SecurityEvent): void | Promise<void>
}
