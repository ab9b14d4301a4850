import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { loadConfig } from '../../src/config.js'
import {
  defaultProbes,
  failedItems,
  formatChecklist,
  securityChecklist,
} from '../../src/security/doctor.js'
import type { CheckId } from '../../src/security/doctor.js'
import { devMasterKeyFile } from '../../src/store/vault.js'
import {
  bareProductionEnv,
  fullProductionEnv,
  NO_REDIS,
  NO_SAFE_DEFAULT,
  REDIS_URL,
  scratch,
  writeKey,
} from './doctor-env.js'
import type { Scratch } from './doctor-env.js'

async function failedIds(env: Record<string, string>): Promise<CheckId[]> {
  const items = await securityChecklist(loadConfig(env), defaultProbes(500))

  return failedItems(items).map((i) => i.id)
}

describe('security checklist in production', () => {
  let s: Scratch
  beforeEach(() => {
    s = scratch()
  })
  afterEach(() => s.close())

  it('lists every measure without a safe default when nothing is set', async () => {
    const failed = await failedIds(bareProductionEnv(s))

    for (const id of NO_SAFE_DEFAULT) assert.ok(failed.includes(id), id)
  })

  it('gives a fix for every missing measure', async () => {
    const items = await securityChecklist(
      loadConfig(bareProductionEnv(s)),
      defaultProbes(500),
    )

    for (const item of failedItems(items)) {
      assert.ok(item.fix.length > 20, `${item.id}: ${item.fix}`)
      assert.ok(item.message.length > 10, item.id)
    }
  })

  it('holds in full when everything is set', { skip: NO_REDIS }, async () => {
    assert.deepEqual(await failedIds(fullProductionEnv(s)), [])
  })

  const removals: Array<[string, CheckId, Record<string, string | null>]> = [
    ['no master key', 'master-key', { TELEKOST_MASTER_KEY_FILE: null }],
    [
      'a master key that is not 32 bytes',
      'master-key',
      { TELEKOST_MASTER_KEY: 'abcd' },
    ],
    ['no Redis', 'redis', { REDIS_URL: null }],
    [
      'a Redis URL without a password',
      'redis',
      { REDIS_URL: 'redis://127.0.0.1:6379' },
    ],
    [
      'a Redis that does not answer',
      'redis',
      { REDIS_URL: 'redis://:pw@127.0.0.1:1' },
    ],
    ['no database', 'database', { DATABASE_URL: null }],
    [
      'a database that is not PostgreSQL',
      'database',
      { DATABASE_URL: 'mysql://u:p@127.0.0.1/telekost' },
    ],
    [
      'an http origin',
      'https-origin',
      { TELEKOST_ORIGIN: 'http://telekost.example.no' },
    ],
    ['no trusted proxy', 'trusted-proxies', { TELEKOST_TRUSTED_PROXIES: null }],
    [
      'a proxy list that trusts everyone',
      'trusted-proxies',
      { TELEKOST_TRUSTED_PROXIES: '10.0.0.5,0.0.0.0/0' },
    ],
    ['no alert recipients', 'alerts', { TELEKOST_ALERT_RECIPIENTS: null }],
    ['no SMTP server for alerts', 'alerts', { TELEKOST_SMTP_URL: null }],
    [
      'a second factor only for administrators',
      'totp',
      { TELEKOST_REQUIRE_TOTP_FOR: 'admin' },
    ],
    ['no second factor at all', 'totp', { TELEKOST_REQUIRE_TOTP_FOR: '' }],
    [
      'an upload limit over 50 MiB',
      'upload-limit',
      { TELEKOST_MAX_UPLOAD_BYTES: String(51 * 1024 * 1024) },
    ],
    [
      'an upload limit of 0',
      'upload-limit',
      { TELEKOST_MAX_UPLOAD_BYTES: '0' },
    ],
  ]
  for (const [what, id, change] of removals) {
    it(`fails ${id} alone for ${what}`, { skip: NO_REDIS }, async () => {
      const env = fullProductionEnv(s)
      for (const [key, value] of Object.entries(change)) {
        if (value === null) delete env[key]
        else env[key] = value
      }

      assert.deepEqual(await failedIds(env), [id])
    })
  }

  it('fails the master key when it is the dev key in the data folder', async () => {
    const env = bareProductionEnv(s)
    env['TELEKOST_MASTER_KEY_FILE'] = devMasterKeyFile(s.dataDir)
    writeKey(devMasterKeyFile(s.dataDir))

    assert.ok((await failedIds(env)).includes('master-key'))
  })

  it('fails the security log when it cannot be written', async () => {
    const env = bareProductionEnv(s)
    const notAFolder = join(s.dir, 'plain-file')
    writeFileSync(notAFolder, '')
    env['TELEKOST_SECURITY_LOG'] = join(notAFolder, 'security.log')

    assert.ok((await failedIds(env)).includes('security-log'))
  })

  it(
    'accepts a webhook in place of e-mail alerts',
    { skip: NO_REDIS },
    async () => {
      const env = fullProductionEnv(s)
      delete env['TELEKOST_ALERT_RECIPIENTS']
      delete env['TELEKOST_SMTP_URL']
      env['TELEKOST_ALERT_WEBHOOK_URL'] = 'https://varsel.example.no/telekost'

      assert.deepEqual(await failedIds(env), [])
    },
  )

  it(
    'says PostgreSQL is not reached by the check itself',
    { skip: NO_REDIS },
    async () => {
      const items = await securityChecklist(
        loadConfig(fullProductionEnv(s)),
        defaultProbes(),
      )
      const database = items.find((i) => i.id === 'database')!

      assert.match(database.message, /kobler ikke til databasen/)
    },
  )
})

describe('security checklist in development', () => {
  let s: Scratch
  beforeEach(() => {
    s = scratch()
  })
  afterEach(() => s.close())

  it('holds with nothing set', async () => {
    const env = { TELEKOST_DATA_DIR: s.dataDir }

    assert.deepEqual(await failedIds(env), [])
  })

  it('still fails a proxy list that trusts everyone', async () => {
    const env = {
      TELEKOST_DATA_DIR: s.dataDir,
      TELEKOST_TRUSTED_PROXIES: '0.0.0.0/0',
    }

    assert.deepEqual(await failedIds(env), ['trusted-proxies'])
  })
})

describe('redis probe', () => {
  it(
    'hears PONG from the test Redis with its password',
    { skip: NO_REDIS },
    async () => {
      assert.equal(await defaultProbes().redisAnswers(REDIS_URL!), true)
    },
  )

  it('fails with a wrong password', { skip: NO_REDIS }, async () => {
    const url = new URL(REDIS_URL!)
    url.password = 'feil-passord'

    assert.equal(await defaultProbes().redisAnswers(url.href), false)
  })

  it('fails without a password', { skip: NO_REDIS }, async () => {
    const url = new URL(REDIS_URL!)
    url.password = ''

    assert.equal(await defaultProbes().redisAnswers(url.href), false)
  })

  it('fails when nothing listens', async () => {
    assert.equal(
      await defaultProbes(500).redisAnswers('redis://:pw@127.0.0.1:1'),
      false,
    )
  })
})

describe('formatChecklist', () => {
  it('marks each item with ✓ or ✗ and gives the fix for a ✗', () => {
    const text = formatChecklist([
      { id: 'redis', ok: true, message: 'Redis svarer.', fix: '' },
      { id: 'alerts', ok: false, message: 'Ingen varsler.', fix: 'Sett X.' },
    ])

    assert.equal(
      text,
      '✓ Redis svarer.\n✗ Ingen varsler.\n    Gjør dette: Sett X.',
    )
  })
})
