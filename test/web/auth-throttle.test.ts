import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createUser } from '../../src/security/accounts.js'
import type { SecurityEvent } from '../../src/security/events/types.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import { buildTestApp, TEST_PASSWORD } from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'
import { captureEvents, cookieOf, postSignInForm } from './helpers-accounts.js'

const WRONG = 'not the right password'

describe('sign-in throttling', () => {
  let t: TestApp
  let events: SecurityEvent[]
  let n = 0
  before(async () => {
    t = await buildTestApp()
    events = captureEvents(t.context)
  })
  after(() => t.close())

  async function user(): Promise<string> {
    const username = `kari${++n}`
    await createUser(
      t.context.db,
      { username, displayName: 'Kari', role: 'accountant' },
      TEST_PASSWORD,
    )
    return username
  }

  /** Each test its own address, so the per-address count stays apart. */
  function address(): string {
    return `10.1.${n}.${Math.floor(Math.random() * 250)}`
  }

  it('refuses the right password once the account has failed five times', async () => {
    const username = await user()
    const ip = address()
    for (let i = 0; i < 5; i++) await postSignInForm(t, username, WRONG, ip)
    const response = await postSignInForm(t, username, TEST_PASSWORD, ip)

    assert.equal(response.statusCode, 401)
    assert.equal(cookieOf(response, SESSION_COOKIE), undefined)
  })

  it('answers a throttled attempt like a wrong password and an unknown user', async () => {
    const username = await user()
    const ip = address()
    const wrong = await postSignInForm(t, username, WRONG, ip)
    for (let i = 0; i < 4; i++) await postSignInForm(t, username, WRONG, ip)
    const throttled = await postSignInForm(t, username, TEST_PASSWORD, ip)
    const unknown = await postSignInForm(t, 'nobody-at-all', WRONG, ip)
    const strip = (body: string) => body.replace(/value="[^"]*"/, '')

    assert.deepEqual(
      [wrong.statusCode, throttled.statusCode, unknown.statusCode],
      [401, 401, 401],
    )
    assert.equal(strip(throttled.body), strip(wrong.body))
    assert.equal(strip(unknown.body), strip(wrong.body))
  })

  it('spends as much work on a throttled attempt as on a wrong password', async () => {
    const username = await user()
    const ip = address()
    for (let i = 0; i < 5; i++) await postSignInForm(t, username, WRONG, ip)
    const other = await user()
    const work = async (name: string, password: string) => {
      const start = process.cpuUsage()
      for (let i = 0; i < 3; i++) await postSignInForm(t, name, password, ip)
      const used = process.cpuUsage(start)
      return used.user + used.system
    }
    const throttled = await work(username, TEST_PASSWORD)
    const wrong = await work(other, WRONG)
    const ratio = throttled / wrong

    assert.ok(ratio > 0.6 && ratio < 1.6, `throttled/wrong = ${ratio}`)
  })

  it('throttles an address after 30 failures across names', async () => {
    const ip = address()
    for (let i = 0; i < 30; i++) {
      await postSignInForm(t, `ghost${i}`, WRONG, ip)
    }
    const username = await user()
    const fromThere = await postSignInForm(t, username, TEST_PASSWORD, ip)
    const elsewhere = await postSignInForm(
      t,
      username,
      TEST_PASSWORD,
      '10.200.0.1',
    )

    assert.equal(fromThere.statusCode, 401)
    assert.equal(elsewhere.statusCode, 303)
  })

  it('records failed, locked and throttled sign-ins with their severities', async () => {
    const username = await user()
    const ip = address()
    const from = events.length
    for (let i = 0; i < 5; i++) await postSignInForm(t, username, WRONG, ip)
    await postSignInForm(t, username, WRONG, ip)
    const seen = events.slice(from).map((e) => `${e.type}:${e.severity}`)

    assert.equal(seen.filter((e) => e === 'sign-in-failed:3').length, 5)
    assert.equal(seen.filter((e) => e === 'account-locked:6').length, 1)
    assert.equal(seen.filter((e) => e === 'sign-in-throttled:5').length, 1)
  })

  it('keeps the password out of every recorded event', async () => {
    const username = await user()
    await postSignInForm(t, username, 'hemmelig-passord-123', address())

    assert.ok(!JSON.stringify(events).includes('hemmelig-passord-123'))
  })
})
