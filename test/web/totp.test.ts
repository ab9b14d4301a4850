import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createUser } from '../../src/security/accounts.js'
import type { SecurityEvent } from '../../src/security/events/types.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import { totpCode } from '../../src/security/totp.js'
import { PENDING_COOKIE } from '../../src/web/routes/auth.js'
import {
  buildTestApp,
  form,
  TEST_ORIGIN,
  TEST_PASSWORD,
} from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { captureEvents, cookieOf, postSignInForm } from './helpers-accounts.js'

/** Reads the secret off the enrolment page and confirms it with a code. */
async function enrol(agent: Agent): Promise<string> {
  const page = await agent.inject({ url: '/account/totp' })
  const secret = /data-totp-secret[^>]*>([A-Z2-7 ]+)</
    .exec(page.body)![1]!
    .replace(/ /g, '')
  const enrolField = /name="enrol" value="([^"]+)"/.exec(page.body)![1]!
  const confirm = await agent.inject({
    method: 'POST',
    url: '/account/totp',
    payload: {
      _csrf: agent.csrfToken,
      code: totpCode(secret),
      enrol: enrolField,
    },
  })
  assert.equal(confirm.statusCode, 303)

  return secret
}

async function codeStep(t: TestApp, pending: string, code: string) {
  const page = await t.app.inject({
    url: '/sign-in/totp',
    headers: { cookie: `${PENDING_COOKIE}=${pending}` },
  })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''

  return t.app.inject({
    method: 'POST',
    url: '/sign-in/totp',
    ...form({ _csrf: csrf, code }),
    headers: {
      origin: TEST_ORIGIN,
      ...form({}).headers,
      cookie: `${PENDING_COOKIE}=${pending}`,
    },
  })
}

describe('TOTP second factor', () => {
  let t: TestApp
  let events: SecurityEvent[]
  before(async () => {
    t = await buildTestApp()
    events = captureEvents(t.context)
  })
  after(() => t.close())

  it('changes nothing when the enrolment page is only viewed', async () => {
    const agent = await t.signIn('accountant')
    const before = await userRow(t, agent)
    await agent.inject({ url: '/account/totp' })
    await agent.inject({ url: '/account/totp' })

    assert.deepEqual(await userRow(t, agent), before)
  })

  it('refuses an enrolment secret sealed to another user', async () => {
    const other = await t.signIn('accountant')
    const page = await other.inject({ url: '/account/totp' })
    const secret = /data-totp-secret[^>]*>([A-Z2-7 ]+)</
      .exec(page.body)![1]!
      .replace(/ /g, '')
    const sealed = /name="enrol" value="([^"]+)"/.exec(page.body)![1]!
    const agent = await t.signIn('accountant')
    const response = await agent.inject({
      method: 'POST',
      url: '/account/totp',
      payload: {
        _csrf: agent.csrfToken,
        code: totpCode(secret),
        enrol: sealed,
      },
    })

    assert.equal(response.statusCode, 422)
  })

  it('shows the secret as text and as an otpauth URI on the enrolment page', async () => {
    const agent = await t.signIn('accountant')
    const page = await agent.inject({ url: '/account/totp' })

    assert.equal(page.statusCode, 200)
    assert.match(page.body, /data-totp-secret[^>]*>[A-Z2-7 ]{32,}</)
    assert.match(page.body, /otpauth:\/\/totp\/Telekost:accountant\d+\?/)
  })

  it('stores the confirmed secret sealed, never as text', async () => {
    const agent = await t.signIn('accountant')
    const secret = await enrol(agent)
    const row = await t.context.db
      .selectFrom('users')
      .select(['totp_secret', 'totp_pending_secret'])
      .where('id', '=', agent.user.id)
      .executeTakeFirstOrThrow()

    assert.ok(row.totp_secret)
    assert.ok(!row.totp_secret.includes(secret))
    assert.equal(row.totp_pending_secret, null)
  })

  it('asks for the code after the password and gives no session before it', async () => {
    const agent = await t.signIn('accountant')
    await enrol(agent)
    const response = await postSignInForm(t, agent.user.username, TEST_PASSWORD)
    const pending = cookieOf(response, PENDING_COOKIE)!
    const reach = await t.app.inject({
      url: '/invoices',
      headers: { cookie: `${SESSION_COOKIE}=${pending}` },
    })

    assert.equal(response.headers.location, '/sign-in/totp')
    assert.equal(cookieOf(response, SESSION_COOKIE), undefined)
    assert.equal(reach.headers.location, '/sign-in')
  })

  it('signs in with a right code', async () => {
    const agent = await t.signIn('accountant')
    const secret = await enrol(agent)
    const first = await postSignInForm(t, agent.user.username, TEST_PASSWORD)
    const pending = cookieOf(first, PENDING_COOKIE)!
    // The enrolment used this step; the next one is still in the window.
    const code = totpCode(secret, Date.now() + 30_000)
    const response = await codeStep(t, pending, code)

    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, '/invoices')
    assert.ok(cookieOf(response, SESSION_COOKIE))
  })

  it('refuses a code already used, and records totp-failed', async () => {
    const agent = await t.signIn('accountant')
    const secret = await enrol(agent)
    const code = totpCode(secret, Date.now() + 30_000)
    const once = await postSignInForm(t, agent.user.username, TEST_PASSWORD)
    await codeStep(t, cookieOf(once, PENDING_COOKIE)!, code)
    const twice = await postSignInForm(t, agent.user.username, TEST_PASSWORD)
    const from = events.length
    const replay = await codeStep(t, cookieOf(twice, PENDING_COOKIE)!, code)

    assert.equal(replay.statusCode, 401)
    assert.equal(cookieOf(replay, SESSION_COOKIE), undefined)
    assert.ok(
      events
        .slice(from)
        .some((e) => e.type === 'totp-failed' && e.severity === 5),
    )
  })

  it('refuses the code step without the pending state’s own CSRF token', async () => {
    const agent = await t.signIn('accountant')
    const secret = await enrol(agent)
    const first = await postSignInForm(t, agent.user.username, TEST_PASSWORD)
    const pending = cookieOf(first, PENDING_COOKIE)!
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-in/totp',
      ...form({ _csrf: 'wrong', code: totpCode(secret, Date.now() + 30_000) }),
      headers: {
        origin: TEST_ORIGIN,
        ...form({}).headers,
        cookie: `${PENDING_COOKIE}=${pending}`,
      },
    })

    assert.equal(response.statusCode, 403)
  })
})

describe('TOTP required for a role', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({ requireTotpFor: ['admin', 'privacy'] })
  })
  after(() => t.close())

  it('sends an administrator without TOTP to enrolment from every page', async () => {
    await createUser(
      t.context.db,
      { username: 'sjef', displayName: 'Sjef', role: 'admin' },
      TEST_PASSWORD,
    )
    const response = await postSignInForm(t, 'sjef', TEST_PASSWORD)
    const cookie = `${SESSION_COOKIE}=${cookieOf(response, SESSION_COOKIE)}`
    const page = await t.app.inject({
      url: '/admin/users',
      headers: { cookie },
    })
    const api = await t.app.inject({
      url: '/api/v1/invoices/00000000-0000-4000-8000-000000000000',
      headers: { cookie },
    })
    const enrolment = await t.app.inject({
      url: '/account/totp',
      headers: { cookie },
    })

    assert.equal(response.headers.location, '/account/totp')
    assert.equal(page.headers.location, '/account/totp')
    assert.equal(api.statusCode, 403)
    assert.equal(api.json().error.code, 'totp-enrolment-required')
    assert.equal(enrolment.statusCode, 200)
  })

  it('lets an accountant in without TOTP', async () => {
    const agent = await t.signIn('accountant')
    const response = await agent.inject({ url: '/invoices' })

    assert.equal(response.statusCode, 200)
  })
})

async function userRow(t: TestApp, agent: Agent) {
  return t.context.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', agent.user.id)
    .executeTakeFirstOrThrow()
}
