import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { loadConfig } from '../../src/config.js'
import type { Config } from '../../src/config.js'

export const REDIS_URL = process.env['TELEKOST_TEST_REDIS_URL']
export const NO_REDIS =
  REDIS_URL === undefined
    ? 'TELEKOST_TEST_REDIS_URL is not set (npm test starts a Redis)'
    : false

export const POSTGRES_URL = process.env['TELEKOST_TEST_DATABASE_URL']
export const NO_POSTGRES =
  POSTGRES_URL === undefined
    ? 'TELEKOST_TEST_DATABASE_URL is not set (start needs a real PostgreSQL)'
    : false

/** A folder for one test: data, logs and a master key file beside it. */
export interface Scratch {
  dir: string
  dataDir: string
  keyFile: string
  close(): void
}

export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'telekost-doctor-'))
  const keyFile = join(dir, 'secrets', 'master.key')
  writeKey(keyFile)

  return {
    dir,
    dataDir: join(dir, 'data'),
    keyFile,
    close: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export function writeKey(file: string): Buffer {
  const key = randomBytes(32)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, key.toString('hex'), { mode: 0o600 })

  return key
}

/**
 * Everything production asks for, set: the real test Redis, a key file
 * outside the data folder, an https origin, a named proxy, alert
 * recipients, the default second-factor roles and a writable log.
 */
export function fullProductionEnv(s: Scratch): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    TELEKOST_DATA_DIR: s.dataDir,
    TELEKOST_MASTER_KEY_FILE: s.keyFile,
    TELEKOST_ADMIN_PASSWORD: 'riktig hest batteri stift',
    REDIS_URL: REDIS_URL ?? '',
    DATABASE_URL:
      POSTGRES_URL ?? 'postgres://telekost:hemmelig@127.0.0.1:5432/telekost',
    TELEKOST_DATABASE_SCHEMA: `doctor_${randomBytes(6).toString('hex')}`,
    TELEKOST_ORIGIN: 'https://telekost.example.no',
    TELEKOST_TRUSTED_PROXIES: '127.0.0.1',
    TELEKOST_ALERT_RECIPIENTS: 'sikkerhet@example.no',
    TELEKOST_SMTP_URL: 'smtp://127.0.0.1:2525',
    TELEKOST_SECURITY_LOG: join(s.dir, 'logs', 'security.log'),
  }
}

/** Production with nothing but a data folder. */
export function bareProductionEnv(s: Scratch): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    TELEKOST_DATA_DIR: s.dataDir,
  }
}

export function configFrom(env: Record<string, string>): Config {
  return loadConfig(env)
}

/** The measures production has no safe default for. */
export const NO_SAFE_DEFAULT = [
  'master-key',
  'redis',
  'database',
  'https-origin',
  'trusted-proxies',
  'alerts',
] as const
