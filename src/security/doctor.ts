import { constants } from 'node:fs'
import { access, readFile, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { Redis } from 'ioredis'
import type { Config } from '../config.js'
import { parseKey } from '../store/crypto.js'
import { devMasterKeyFile } from '../store/vault.js'

/**
 * The production checklist: one list of measures that the server checks
 * before it starts in production, that `telekost doctor` prints and that
 * administrators see on the security status page.
 */
export type CheckId =
  | 'master-key'
  | 'session-secret'
  | 'redis'
  | 'database'
  | 'https-origin'
  | 'trusted-proxies'
  | 'alerts'
  | 'totp'
  | 'security-log'
  | 'upload-limit'

export interface ChecklistItem {
  id: CheckId
  /** Whether the measure holds in the mode checked. */
  ok: boolean
  /** What was found, in Bokmål. */
  message: string
  /** What to do about it; empty when nothing needs doing. */
  fix: string
}

/** What the checklist asks of the world outside the config. */
export interface SecurityProbes {
  /** True when Redis at the URL answers PING with the URL's credentials. */
  redisAnswers(url: string): Promise<boolean>
  /** True when the file can be appended to, or created where it is named. */
  canAppend(file: string): Promise<boolean>
  /** A file's text, or null when it cannot be read. */
  readText(file: string): Promise<string | null>
}

/** Roles whose accounts must use a second factor in production. */
export const TOTP_ROLES = ['admin', 'privacy'] as const

/** The largest upload limit the parser limits are sized for. */
export const MAX_SANE_UPLOAD_BYTES = 50 * 1024 * 1024
const MIN_SANE_UPLOAD_BYTES = 64 * 1024

const OPEN_PROXIES = new Set(['0.0.0.0/0', '::/0', '0.0.0.0', '::', '*'])

type Check = (config: Config, probes: SecurityProbes) => Promise<ChecklistItem>

const CHECKS: Check[] = [
  masterKey,
  sessionSecret,
  redis,
  database,
  httpsOrigin,
  trustedProxies,
  alerts,
  totp,
  securityLog,
  uploadLimit,
]

/** Every item, in a fixed order, checked in the config's own mode. */
export async function securityChecklist(
  config: Config,
  probes: SecurityProbes,
): Promise<ChecklistItem[]> {
  return Promise.all(CHECKS.map((check) => check(config, probes)))
}

export function failedItems(items: readonly ChecklistItem[]) {
  return items.filter((item) => !item.ok)
}

/** The checklist as text, one line per item: ✓ or ✗, then what to do. */
export function formatChecklist(items: readonly ChecklistItem[]): string {
  return items
    .map((item) =>
      item.ok
        ? `✓ ${item.message}`
        : `✗ ${item.message}\n    Gjør dette: ${item.fix}`,
    )
    .join('\n')
}

function item(
  id: CheckId,
  ok: boolean,
  message: string,
  fix = '',
): ChecklistItem {
  return { id, ok, message, fix: ok ? '' : fix }
}

/** A measure production needs and development may leave out. */
function notNeededYet(id: CheckId, message: string): ChecklistItem {
  return item(id, true, `${message} (kreves bare i produksjon)`)
}

async function masterKey(
  config: Config,
  probes: SecurityProbes,
): Promise<ChecklistItem> {
  const id = 'master-key'
  const fix =
    'Sett TELEKOST_MASTER_KEY eller TELEKOST_MASTER_KEY_FILE til en ' +
    'nøkkel på 32 byte (64 heksadesimale tegn) som ligger utenfor datamappen.'
  if (config.masterKey) {
    return validKey(config.masterKey)
      ? item(id, true, 'Hovednøkkelen kommer fra TELEKOST_MASTER_KEY.')
      : item(
          id,
          false,
          'TELEKOST_MASTER_KEY er ikke en nøkkel på 32 byte.',
          fix,
        )
  }
  if (config.masterKeyFile) return masterKeyFile(config, probes, fix)
  if (!config.production) {
    return notNeededYet(
      id,
      'Hovednøkkelen er generert i datamappen, som bare passer til utvikling',
    )
  }

  return item(id, false, 'Ingen hovednøkkel er satt.', fix)
}

async function masterKeyFile(
  config: Config,
  probes: SecurityProbes,
  fix: string,
): Promise<ChecklistItem> {
  const id = 'master-key'
  const file = resolve(config.masterKeyFile!)
  if (file === devMasterKeyFile(config.dataDir) && config.production) {
    return item(
      id,
      false,
      'Hovednøkkelen ligger i datamappen, ved siden av dataene den beskytter.',
      fix,
    )
  }
  const text = await probes.readText(file)
  if (text === null) {
    return item(
      id,
      false,
      'Filen i TELEKOST_MASTER_KEY_FILE kan ikke leses.',
      fix,
    )
  }

  return validKey(text)
    ? item(id, true, 'Hovednøkkelen kommer fra TELEKOST_MASTER_KEY_FILE.')
    : item(
        id,
        false,
        'Filen i TELEKOST_MASTER_KEY_FILE er ikke en nøkkel på 32 byte.',
        fix,
      )
}

function validKey(text: string): boolean {
  try {
    parseKey(text)
    return true
  } catch {
    return false
  }
}

/**
 * Sessions need no signing secret: the cookie holds a random 256-bit id and
 * the server keeps only its hash, so there is nothing to sign or leak.
 */
async function sessionSecret(): Promise<ChecklistItem> {
  return item(
    'session-secret',
    true,
    'Øktene trenger ingen hemmelighet: informasjonskapselen har en ' +
      'tilfeldig id på 256 bit, og tjeneren lagrer bare hashen av den.',
  )
}

async function redis(
  config: Config,
  probes: SecurityProbes,
): Promise<ChecklistItem> {
  const id = 'redis'
  const fix =
    'Sett REDIS_URL til redis://:PASSORD@vert:6379 (eller rediss://) for ' +
    'en Redis med passord som tjeneren når.'
  const url = config.redisUrl
  if (!url) {
    return config.production
      ? item(id, false, 'REDIS_URL er ikke satt.', fix)
      : notNeededYet(id, 'Uten REDIS_URL holdes tellere i minnet')
  }
  const parsed = parseUrl(url)
  if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol)) {
    return item(id, false, 'REDIS_URL er ikke en redis://-adresse.', fix)
  }
  if (!parsed.password && config.production) {
    return item(id, false, 'REDIS_URL har ikke noe passord.', fix)
  }
  if (!(await probes.redisAnswers(url))) {
    return item(
      id,
      false,
      `Redis på ${parsed.host} svarer ikke, eller godtar ikke passordet.`,
      fix,
    )
  }

  return item(id, true, `Redis på ${parsed.host} svarer, med passord.`)
}

async function database(config: Config): Promise<ChecklistItem> {
  const id = 'database'
  const fix =
    'Sett DATABASE_URL til postgres://bruker:passord@vert:5432/telekost.'
  const url = config.databaseUrl
  if (!url) {
    return config.production
      ? item(id, false, 'DATABASE_URL er ikke satt.', fix)
      : notNeededYet(id, 'Uten DATABASE_URL brukes SQLite i datamappen')
  }
  const parsed = parseUrl(url)
  if (!parsed || !['postgres:', 'postgresql:'].includes(parsed.protocol)) {
    return item(id, false, 'DATABASE_URL er ikke en postgres://-adresse.', fix)
  }

  return item(
    id,
    true,
    `DATABASE_URL peker på PostgreSQL på ${parsed.host}. Denne sjekken ` +
      'kobler ikke til databasen; tjenesten kobler til ved oppstart og ' +
      'stopper om databasen ikke svarer.',
  )
}

async function httpsOrigin(config: Config): Promise<ChecklistItem> {
  const id = 'https-origin'
  const fix =
    'Sett TELEKOST_ORIGIN til den offentlige adressen med https://, ' +
    'for eksempel https://telekost.firma.no.'
  const plain = config.allowedOrigins.filter((o) => !isHttpsOrigin(o))
  if (plain.length === 0) {
    const all = config.allowedOrigins.join(', ')
    return item(id, true, `Tjenesten nås på ${all}.`)
  }
  if (!config.production) {
    return notNeededYet(id, `Adressen ${plain.join(', ')} er ikke https://`)
  }

  return item(
    id,
    false,
    `TELEKOST_ORIGIN (${plain.join(', ')}) er ikke en https://-adresse.`,
    fix,
  )
}

function isHttpsOrigin(origin: string): boolean {
  const parsed = parseUrl(origin)

  return parsed?.protocol === 'https:' && parsed.origin === origin
}

async function trustedProxies(config: Config): Promise<ChecklistItem> {
  const id = 'trusted-proxies'
  const fix =
    'Sett TELEKOST_TRUSTED_PROXIES til adressene til den omvendte ' +
    'proxyen (for eksempel 10.0.0.5 eller 10.0.0.0/29), aldri 0.0.0.0/0.'
  const open = config.trustedProxies.filter((p) => OPEN_PROXIES.has(p))
  if (open.length > 0) {
    return item(
      id,
      false,
      `TELEKOST_TRUSTED_PROXIES stoler på alle (${open.join(', ')}), så ` +
        'enhver klient kan velge sin egen adresse.',
      fix,
    )
  }
  if (config.trustedProxies.length === 0) {
    return config.production
      ? item(id, false, 'TELEKOST_TRUSTED_PROXIES er ikke satt.', fix)
      : notNeededYet(id, 'Ingen proxy er satt; klientens egen adresse brukes')
  }

  return item(
    id,
    true,
    `Videresendte adresser godtas bare fra ${config.trustedProxies.join(', ')}.`,
  )
}

async function alerts(config: Config): Promise<ChecklistItem> {
  const id = 'alerts'
  const fix =
    'Sett TELEKOST_ALERT_RECIPIENTS og TELEKOST_SMTP_URL, eller ' +
    'TELEKOST_ALERT_WEBHOOK_URL.'
  const ways: string[] = []
  if (config.alertRecipients.length > 0 && config.smtpUrl) {
    ways.push(`e-post til ${config.alertRecipients.length} mottaker(e)`)
  }
  if (config.alertWebhookUrl) ways.push('webhook')
  if (ways.length > 0) {
    return item(id, true, `Sikkerhetsvarsler sendes som ${ways.join(' og ')}.`)
  }
  if (!config.production) {
    return notNeededYet(id, 'Ingen mottaker av sikkerhetsvarsler er satt')
  }
  const half =
    config.alertRecipients.length > 0 || config.smtpUrl
      ? ' E-post trenger både mottakere og SMTP-tjener.'
      : ''

  return item(id, false, `Ingen får sikkerhetsvarsler.${half}`, fix)
}

async function totp(config: Config): Promise<ChecklistItem> {
  const id = 'totp'
  const missing = TOTP_ROLES.filter((r) => !config.requireTotpFor.includes(r))
  if (missing.length === 0) {
    return item(
      id,
      true,
      'Administratorer og personvernombud må logge inn med engangskode (TOTP).',
    )
  }
  if (!config.production) {
    return notNeededYet(id, `Engangskode kreves ikke for ${missing.join(', ')}`)
  }

  return item(
    id,
    false,
    `Engangskode (TOTP) kreves ikke for ${missing.join(', ')}.`,
    'Fjern TELEKOST_REQUIRE_TOTP_FOR, eller ta med admin og privacy i den.',
  )
}

async function securityLog(
  config: Config,
  probes: SecurityProbes,
): Promise<ChecklistItem> {
  const file = config.securityLogFile

  return (await probes.canAppend(file))
    ? item('security-log', true, `Sikkerhetsloggen skrives til ${file}.`)
    : item(
        'security-log',
        false,
        `Sikkerhetsloggen ${file} kan ikke skrives.`,
        'Opprett mappen og gi tjenestebrukeren skrivetilgang, eller sett ' +
          'TELEKOST_SECURITY_LOG til en fil den kan skrive.',
      )
}

async function uploadLimit(config: Config): Promise<ChecklistItem> {
  const bytes = config.maxUploadBytes
  const sane = bytes >= MIN_SANE_UPLOAD_BYTES && bytes <= MAX_SANE_UPLOAD_BYTES

  return sane
    ? item('upload-limit', true, `Opplastinger er begrenset til ${mib(bytes)}.`)
    : item(
        'upload-limit',
        false,
        `Opplastingsgrensen ${mib(bytes)} er utenfor 64 KiB–50 MiB.`,
        'Sett TELEKOST_MAX_UPLOAD_BYTES til høyst 52428800 (50 MiB), ' +
          'eller fjern den.',
      )
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MiB`
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

/** The real probes: Redis over the network, files on this machine. */
export function defaultProbes(timeoutMs = 2_000): SecurityProbes {
  return {
    redisAnswers: (url) => redisAnswers(url, timeoutMs),
    canAppend,
    async readText(file) {
      try {
        return await readFile(file, 'utf8')
      } catch {
        return null
      }
    },
  }
}

async function redisAnswers(url: string, timeoutMs: number): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/**
 * Whether the security log sink could write the file: an existing file
 * must be writable, a new one needs its nearest existing folder writable
 * (the sink creates the folders below it).
 */
async function canAppend(file: string): Promise<boolean> {
  let path = resolve(file)
  for (;;) {
    const info = await stat(path).catch(() => null)
    if (info) {
      const isTarget = path === resolve(file)
      if (isTarget ? !info.isFile() : !info.isDirectory()) return false
      return access(path, constants.W_OK).then(
        () => true,
        () => false,
      )
    }
    const parent = dirname(path)
    if (parent === path) return false
    path = parent
  }
}
