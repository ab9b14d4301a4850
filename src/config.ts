import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * Every setting Telekost reads, from the environment, with its default.
 * Nothing else reads process.env, so this file is the list of settings.
 */
export interface Config {
  production: boolean
  host: string
  port: number
  /** The public origin, `https://telekost.example.no`; checked by CSRF. */
  origin: string
  /**
   * Every origin forms and sign-in may come from: TELEKOST_ORIGIN as a
   * comma list, or in development the loopback names of PORT.
   */
  allowedOrigins: string[]
  dataDir: string
  databaseUrl: string | null
  /** The PostgreSQL schema Telekost's tables live in. */
  databaseSchema: string
  redisUrl: string | null
  adminPassword: string | null
  /** Master key (hex or base64, 32 bytes) wrapping the data keys. */
  masterKey: string | null
  masterKeyFile: string | null
  maxUploadBytes: number
  suspenseCostCentre: string
  sessionIdleMinutes: number
  sessionAbsoluteHours: number
  logLevel: string
  securityLogFile: string
  trustedProxies: string[]
  /** Earlier master keys, still accepted while data keys are re-wrapped. */
  previousMasterKeys: string[]
  previousMasterKeysFile: string | null
  /** Roles that must sign in with a TOTP second factor. */
  requireTotpFor: string[]
  /** Who gets security alerts by e-mail, and the SMTP server to send by. */
  alertRecipients: string[]
  smtpUrl: string | null
  /** A URL that receives security alerts as JSON posts. */
  alertWebhookUrl: string | null
  alertFrom: string
  /** Further alerts of one type and severity are summed up this long. */
  alertWindowMs: number
  rateUploadsPerDay: number
  rateUploadsPerHour: number
  rateSignInPerMinute: number
  /** Path to `clamscan`, or null when uploads are not scanned. */
  clamscan: string | null
  /** Signature database folder or file for clamscan; null for its default. */
  clamscanDb: string | null
  clamscanTimeoutMs: number
  /** The data protection officer, shown on the privacy pages. */
  dpoName: string | null
  dpoEmail: string | null
  dpoPhone: string | null
  /** Whom to call when personal data is breached. */
  incidentContacts: IncidentContacts
  /** Hours left before the 72-hour deadline at which an alert goes out. */
  incidentAlertHours: number[]
  incidentCheckMinutes: number
  /** Encrypts the embedded SQLite file when set (SQLCipher format). */
  databaseKey: string | null
  databaseKeyFile: string | null
  /** Kept this many years after the end of the accounting year (§ 13). */
  retentionInvoiceYears: number
  /** Register data of people who have left, months after end_date. */
  retentionLeaverMonths: number
  retentionAuditYears: number
  /** Closed data subject requests, years after closing. */
  retentionRequestYears: number
  /** Access exports stay downloadable this many days. */
  retentionExportDays: number
  /** How often the retention job runs; 0 turns it off. */
  retentionIntervalHours: number
  /** A running job's lease; renewed while it runs, taken over after. */
  jobLeaseMs: number
  /** How often each instance looks for jobs nobody is working on. */
  jobPollMs: number
  /** Tries before a job that keeps failing is stopped. */
  jobMaxAttempts: number
  /** Jobs one instance runs at once, besides its own uploads. */
  jobConcurrency: number
  /** How long an upload request waits for its invoice before 202. */
  uploadWaitMs: number
  /** On shutdown, how long running jobs get to finish before release. */
  shutdownDrainMs: number
  /** Prometheus metrics on their own port; null turns them off. */
  metricsPort: number | null
  metricsHost: string
  /**
   * Test only, never in production: each job waits this long before it
   * reads, so a test can kill an instance while a job is running.
   */
  testJobDelayMs: number
  /** Seals backups; when unset, a key derived from the master key does. */
  backupKey: string | null
  backupKeyFile: string | null
}

export interface IncidentContacts {
  itSecurity: string | null
  datatilsynet: string
  legal: string | null
  management: string | null
  communications: string | null
}

type Env = Record<string, string | undefined>

export function loadConfig(env: Env = process.env): Config {
  const production = env['NODE_ENV'] === 'production'
  const port = integer(env['PORT'], 3000)
  const host = env['HOST'] ?? (production ? '0.0.0.0' : '127.0.0.1')
  const dataDir = resolve(env['TELEKOST_DATA_DIR'] ?? 'data')
  const allowedOrigins = origins(env['TELEKOST_ORIGIN'], production, port)

  return {
    production,
    host,
    port,
    origin: allowedOrigins[0]!,
    allowedOrigins,
    dataDir,
    databaseUrl: env['DATABASE_URL'] ?? null,
    databaseSchema: env['TELEKOST_DATABASE_SCHEMA'] ?? 'public',
    redisUrl: env['REDIS_URL'] ?? null,
    adminPassword: env['TELEKOST_ADMIN_PASSWORD'] ?? null,
    masterKey: env['TELEKOST_MASTER_KEY'] ?? null,
    masterKeyFile: env['TELEKOST_MASTER_KEY_FILE'] ?? null,
    maxUploadBytes: integer(env['TELEKOST_MAX_UPLOAD_BYTES'], 50 * 1024 * 1024),
    suspenseCostCentre: env['TELEKOST_SUSPENSE_COST_CENTRE'] ?? 'UNMATCHED',
    sessionIdleMinutes: idleMinutes(env),
    sessionAbsoluteHours: integer(env['TELEKOST_SESSION_ABSOLUTE_HOURS'], 8),
    logLevel: env['LOG_LEVEL'] ?? (production ? 'info' : 'warn'),
    securityLogFile:
      env['TELEKOST_SECURITY_LOG'] ??
      (production
        ? '/var/log/telekost/security.log'
        : resolve(dataDir, 'logs', 'security.log')),
    trustedProxies: list(env['TELEKOST_TRUSTED_PROXIES']),
    previousMasterKeys: list(env['TELEKOST_PREVIOUS_MASTER_KEYS']),
    previousMasterKeysFile: env['TELEKOST_PREVIOUS_MASTER_KEYS_FILE'] ?? null,
    requireTotpFor:
      env['TELEKOST_REQUIRE_TOTP_FOR'] === undefined
        ? production
          ? ['admin', 'privacy']
          : []
        : list(env['TELEKOST_REQUIRE_TOTP_FOR']),
    alertRecipients: list(env['TELEKOST_ALERT_RECIPIENTS']),
    smtpUrl: env['TELEKOST_SMTP_URL'] ?? null,
    alertWebhookUrl:
      env['TELEKOST_ALERT_WEBHOOK_URL'] ??
      env['TELEKOST_ALERT_WEBHOOK'] ??
      null,
    alertFrom: env['TELEKOST_ALERT_FROM'] ?? 'telekost@localhost',
    alertWindowMs: integer(env['TELEKOST_ALERT_WINDOW_SECONDS'], 300) * 1000,
    rateUploadsPerDay: integer(env['TELEKOST_RATE_UPLOADS_PER_DAY'], 200),
    rateUploadsPerHour: integer(env['TELEKOST_RATE_UPLOADS_PER_HOUR'], 50),
    rateSignInPerMinute: integer(env['TELEKOST_RATE_SIGN_IN_PER_MINUTE'], 10),
    clamscan: clamscanPath(
      env['TELEKOST_CLAMSCAN'],
      env['TELEKOST_CLAMSCAN_DB'],
    ),
    clamscanDb: env['TELEKOST_CLAMSCAN_DB'] ?? null,
    clamscanTimeoutMs:
      integer(env['TELEKOST_CLAMSCAN_TIMEOUT_SECONDS'], 120) * 1000,
    dpoName: env['TELEKOST_DPO_NAME'] ?? null,
    dpoEmail: env['TELEKOST_DPO_EMAIL'] ?? null,
    dpoPhone: env['TELEKOST_DPO_PHONE'] ?? null,
    incidentContacts: incidentContacts(env),
    incidentAlertHours: hours(env['TELEKOST_INCIDENT_ALERT_HOURS'], [24, 4]),
    incidentCheckMinutes: integer(env['TELEKOST_INCIDENT_CHECK_MINUTES'], 5),
    databaseKey: env['TELEKOST_DATABASE_KEY'] ?? null,
    databaseKeyFile: env['TELEKOST_DATABASE_KEY_FILE'] ?? null,
    retentionInvoiceYears: integer(env['TELEKOST_RETENTION_INVOICE_YEARS'], 5),
    retentionLeaverMonths: integer(env['TELEKOST_RETENTION_LEAVER_MONTHS'], 12),
    retentionAuditYears: integer(env['TELEKOST_RETENTION_AUDIT_YEARS'], 10),
    retentionRequestYears: integer(env['TELEKOST_RETENTION_REQUEST_YEARS'], 3),
    retentionExportDays: integer(env['TELEKOST_RETENTION_EXPORT_DAYS'], 30),
    retentionIntervalHours: integer(
      env['TELEKOST_RETENTION_INTERVAL_HOURS'],
      24,
    ),
    jobLeaseMs: integer(env['TELEKOST_JOB_LEASE_SECONDS'], 60) * 1000,
    jobPollMs: integer(env['TELEKOST_JOB_POLL_MS'], 2_000),
    jobMaxAttempts: Math.max(1, integer(env['TELEKOST_JOB_MAX_ATTEMPTS'], 3)),
    jobConcurrency: Math.max(1, integer(env['TELEKOST_JOB_CONCURRENCY'], 2)),
    uploadWaitMs: integer(env['TELEKOST_UPLOAD_WAIT_SECONDS'], 60) * 1000,
    shutdownDrainMs: integer(env['TELEKOST_SHUTDOWN_DRAIN_SECONDS'], 20) * 1000,
    metricsPort: optionalInteger(env['TELEKOST_METRICS_PORT']),
    metricsHost: env['TELEKOST_METRICS_HOST'] ?? '127.0.0.1',
    testJobDelayMs: production
      ? 0
      : integer(env['TELEKOST_TEST_JOB_DELAY_MS'], 0),
    backupKey: env['TELEKOST_BACKUP_KEY'] ?? null,
    backupKeyFile: env['TELEKOST_BACKUP_KEY_FILE'] ?? null,
  }
}

/**
 * A config for tests: a fresh data folder, no secrets from the host. With
 * TELEKOST_TEST_DATABASE_URL set (as `npm test` does on its PostgreSQL
 * pass), each test gets a fresh schema in that database instead of a
 * SQLite file.
 */
export function testConfig(dataDir: string, overrides: Partial<Config> = {}) {
  const postgres = process.env['TELEKOST_TEST_DATABASE_URL']

  return {
    ...loadConfig({ TELEKOST_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    ...(postgres
      ? {
          databaseUrl: postgres,
          databaseSchema: `test_${randomBytes(8).toString('hex')}`,
        }
      : {}),
    masterKey: randomBytes(32).toString('hex'),
    // The host's clamscan and its signatures are no part of a test.
    clamscan: null,
    // A test app signs in many users from one address in a minute.
    rateSignInPerMinute: 1_000,
    ...overrides,
    ...(overrides.origin && !overrides.allowedOrigins
      ? { allowedOrigins: [overrides.origin] }
      : {}),
  }
}

/**
 * The origins CSRF accepts. Unset in development, a browser may open the
 * app as localhost, 127.0.0.1 or [::1]; each is its own origin.
 */
function origins(
  value: string | undefined,
  production: boolean,
  port: number,
): string[] {
  const given = list(value)
  if (given.length > 0) return given
  if (production) return [`http://localhost:${port}`]

  return LOOPBACK_NAMES.map((name) => `http://${name}:${port}`)
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']

function optionalInteger(value: string | undefined): number | null {
  return value === undefined || value === '' ? null : integer(value, 0)
}

function integer(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback

  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new Error(`expected a whole number, got ${JSON.stringify(value)}`)
  }

  return n
}

/**
 * `off` turns scanning off; a path turns it on, and a scanner that cannot
 * scan then refuses uploads. Unset finds Debian's clamscan, but only when
 * it has signatures to scan with, so installing the package without them
 * does not stop every upload.
 */
function clamscanPath(
  value: string | undefined,
  database: string | undefined,
): string | null {
  if (value === 'off') return null
  if (value) return value

  const found =
    existsSync(DEFAULT_CLAMSCAN) && hasSignatures(database || DEFAULT_CLAMAV_DB)

  return found ? DEFAULT_CLAMSCAN : null
}

const DEFAULT_CLAMSCAN = '/usr/bin/clamscan'
export const DEFAULT_CLAMAV_DB = '/var/lib/clamav'

/** A signature file, or a folder holding at least one. */
export function hasSignatures(path: string): boolean {
  try {
    if (statSync(path).isFile()) return true
    return readdirSync(path).some((n) => /\.(cvd|cld|[hn]db|hsb|ldb)$/.test(n))
  } catch {
    return false
  }
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

/**
 * The idle lifetime in minutes. TELEKOST_SESSION_IDLE_SECONDS, when set,
 * wins: the browser test needs a lifetime of a few seconds.
 */
function idleMinutes(env: Env): number {
  const seconds = env['TELEKOST_SESSION_IDLE_SECONDS']
  if (seconds !== undefined && seconds !== '') return integer(seconds, 0) / 60

  return integer(env['TELEKOST_SESSION_IDLE_MINUTES'], 15)
}

function incidentContacts(env: Env): IncidentContacts {
  return {
    itSecurity: env['TELEKOST_CONTACT_IT_SECURITY'] ?? null,
    datatilsynet: env['TELEKOST_CONTACT_DATATILSYNET'] ?? '+47 22 39 69 00',
    legal: env['TELEKOST_CONTACT_LEGAL'] ?? null,
    management: env['TELEKOST_CONTACT_MANAGEMENT'] ?? null,
    communications: env['TELEKOST_CONTACT_COMMUNICATIONS'] ?? null,
  }
}

/** `24,4` → [24, 4]: whole hours, largest first. */
function hours(value: string | undefined, fallback: number[]): number[] {
  if (value === undefined || value === '') return fallback

  return list(value)
    .map((h) => integer(h, 0))
    .sort((a, b) => b - a)
}
