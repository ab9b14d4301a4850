import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { Config } from '../../src/config.js'
import { loadConfig } from '../../src/config.js'
import { rateBucket } from '../../src/security/limits/rate-limits.js'
import { listSecurityEvents } from '../../src/store/security-events.js'
import { createUser } from '../../src/security/accounts.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import {
  buildTestApp,
  form,
  multipartFile,
  postSignIn,
  TEST_ORIGIN,
  TEST_PASSWORD,
} from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'

const REDIS_URL = process.env['TELEKOST_TEST_REDIS_URL']

/** A client address of its own, so a shared Redis never mixes counts. */
function someAddress(): string {
  return `10.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`
}

function signInFrom(t: TestApp, remoteAddress: string) {
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress,
    ...form({ username: 'nobody', password: 'not the password at all' }),
    headers: { origin: TEST_ORIGIN, ...form({}).headers },
  })
}

describe('rate limit defaults', () => {
  it('are 200 uploads a day, 50 an hour and 10 sign-ins a minute', () => {
    const config = loadConfig({})

    assert.equal(config.rateUploadsPerDay, 200)
    assert.equal(config.rateUploadsPerHour, 50)
    assert.equal(config.rateSignInPerMinute, 10)
  })

  it('come from the environment', () => {
    const config = loadConfig({
      TELEKOST_RATE_UPLOADS_PER_DAY: '7',
      TELEKOST_RATE_UPLOADS_PER_HOUR: '3',
    })

    assert.equal(config.rateUploadsPerDay, 7)
    assert.equal(config.rateUploadsPerHour, 3)
  })
})

describe('rateBucket', () => {
  it('limits sign-in, uploads and API writes', () => {
    assert.equal(rateBucket('POST', '/sign-in'), 'sign-in')
    assert.equal(rateBucket('POST', '/invoices/upload'), 'uploads')
    assert.equal(rateBucket('POST', '/api/v1/invoices'), 'uploads')
    assert.equal(rateBucket('POST', '/register/import'), 'uploads')
    assert.equal(rateBucket('DELETE', '/api/v1/tokens/:id'), 'api-writes')
  })

  it('leaves pages, static files and health alone', () => {
    assert.equal(rateBucket('GET', '/invoices'), null)
    assert.equal(rateBucket('GET', '/assets/*'), null)
    assert.equal(rateBucket('GET', '/api/health'), null)
    assert.equal(rateBucket('GET', '/sign-in'), null)
  })
})

let accountants = 0

/**
 * Signs in through the form and reads the CSRF token off a page, as a
 * browser does, wherever the sessions are kept.
 */
async function signInAccountant(t: TestApp) {
  const username = `limited${++accountants}`
  await createUser(
    t.context.db,
    { username, displayName: 'Begrenset', role: 'accountant' },
    TEST_PASSWORD,
  )
  const sessionId = await postSignIn(t.app, username, TEST_PASSWORD)
  const cookie = `${SESSION_COOKIE}=${sessionId}`
  const page = await t.app.inject({
    method: 'GET',
    url: '/invoices/upload',
    headers: { cookie },
  })
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  assert.ok(token)

  return { cookie, origin: TEST_ORIGIN, 'x-csrf-token': token }
}

function limitsWith(name: string, overrides: Partial<Config>) {
  describe(`rate limits with ${name}`, () => {
    let t: TestApp
    before(async () => {
      t = await buildTestApp({
        rateSignInPerMinute: 10,
        rateUploadsPerHour: 3,
        ...overrides,
      })
    })
    after(() => t.close())

    it('answers the eleventh sign-in in a minute with 429 and Retry-After', async () => {
      const address = someAddress()
      for (let i = 0; i < 10; i++) {
        const ok = await signInFrom(t, address)
        assert.notEqual(ok.statusCode, 429, `attempt ${i + 1}`)
      }
      const refused = await signInFrom(t, address)

      assert.equal(refused.statusCode, 429)
      const retryAfter = Number(refused.headers['retry-after'])
      assert.ok(
        Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
      )
      assert.ok(refused.headers['content-security-policy'])
    })

    it('counts each address apart', async () => {
      const busy = someAddress()
      for (let i = 0; i < 11; i++) await signInFrom(t, busy)

      assert.notEqual((await signInFrom(t, someAddress())).statusCode, 429)
    })

    it('records a rate-limited event with the address', async () => {
      const address = someAddress()
      for (let i = 0; i < 11; i++) await signInFrom(t, address)
      const events = await listSecurityEvents(t.context.db, {
        type: 'rate-limited',
      })
      const event = events.find((e) => e.ip === address)

      assert.equal(event?.severity, 5)
      assert.equal(event?.details['rule'], 'sign-in-minute')
    })

    it('records a flood once per window, refusing every request', async () => {
      const address = someAddress()
      const statuses: number[] = []
      for (let i = 0; i < 30; i++) {
        statuses.push((await signInFrom(t, address)).statusCode)
      }
      const events = await listSecurityEvents(t.context.db, {
        type: 'rate-limited',
      })

      assert.ok(statuses.slice(10).every((s) => s === 429))
      assert.equal(events.filter((e) => e.ip === address).length, 1)
    })

    it('refuses the upload over the hourly limit', async () => {
      const browser = await signInAccountant(t)
      const address = someAddress()
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) {
        const body = multipartFile('notat.txt', Buffer.from('hei'))
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/invoices',
          remoteAddress: address,
          payload: body.payload,
          headers: { ...body.headers, ...browser },
        })
        statuses.push(response.statusCode)
      }

      assert.deepEqual(statuses, [415, 415, 415, 429])
    })

    it('never limits health checks and static files', async () => {
      const address = someAddress()
      for (let i = 0; i < 30; i++) {
        const health = await t.app.inject({
          method: 'GET',
          url: '/api/health',
          remoteAddress: address,
        })
        const asset = await t.app.inject({
          method: 'GET',
          url: '/assets/style.css',
          remoteAddress: address,
        })
        assert.equal(health.statusCode, 200)
        assert.equal(asset.statusCode, 200)
      }
    })

    if (overrides.redisUrl) {
      it('keeps the counts in Redis', async () => {
        const address = someAddress()
        await signInFrom(t, address)
        const count = await t.context.redis!.get(
          `telekost:counter:rate:sign-in-minute:${address}`,
        )

        assert.equal(count, '1')
      })
    }
  })
}

limitsWith('counters in memory', { redisUrl: null })

if (REDIS_URL) {
  limitsWith('counters in Redis', { redisUrl: REDIS_URL })
} else {
  describe('rate limits with counters in Redis', () => {
    it('needs Redis', { skip: 'TELEKOST_TEST_REDIS_URL is not set' }, () => {})
  })
}
