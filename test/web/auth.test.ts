import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createUser } from '../../src/security/accounts.js'
import {
  dummyPasswordHash,
  hashPassword,
} from '../../src/security/passwords.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import {
  buildTestApp,
  form,
  postSignIn,
  TEST_ORIGIN,
  TEST_PASSWORD,
} from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'

describe('sign-in', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp()
    await createUser(
      t.context.db,
      { username: 'kari', displayName: 'Kari', role: 'accountant' },
      TEST_PASSWORD,
    )
  })
  after(() => t.close())

  function post(username: string, password: string) {
    return t.app.inject({
      method: 'POST',
      url: '/sign-in',
      ...form({ username, password }),
      headers: { origin: TEST_ORIGIN, ...form({}).headers },
    })
  }

  describe('POST /sign-in', () => {
    it('sets a __Host- cookie that is Secure, HttpOnly and SameSite=Lax', async () => {
      const response = await post('kari', TEST_PASSWORD)
      const header = String(response.headers['set-cookie'])

      assert.match(header, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`))
      assert.match(header, /; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
      assert.doesNotMatch(header, /Domain=/i)
    })

    it('answers an unknown user and a wrong password with the same page', async () => {
      const unknown = await post('nobody', TEST_PASSWORD)
      const wrong = await post('kari', 'not the right password')

      assert.equal(unknown.statusCode, 401)
      assert.equal(wrong.statusCode, 401)
      const strip = (body: string) => body.replace(/value="(nobody|kari)"/, '')
      assert.equal(strip(unknown.body), strip(wrong.body))
    })

    it('spends as much work on an unknown user as on a wrong password', async () => {
      // CPU time, not wall time: argon2 runs on the thread pool and its
      // CPU cost is what an attacker would time, whatever the load.
      const work = async (user: string) => {
        const start = process.cpuUsage()
        for (let i = 0; i < 4; i++) await post(user, 'not the right password')
        const used = process.cpuUsage(start)
        return used.user + used.system
      }
      await work('nobody')
      const ratio = (await work('nobody')) / (await work('kari'))

      assert.ok(ratio > 0.6 && ratio < 1.6, `unknown/wrong = ${ratio}`)
    })

    it('verifies an unknown user against a hash as costly as a real one', async () => {
      const real = await hashPassword('ein-heilt-vanleg-passord')
      const dummy = await dummyPasswordHash()
      const params = (hash: string) => hash.split('$').slice(1, 4).join('$')

      assert.equal(params(dummy), params(real))
    })

    it('gives a new session id at every sign-in', async () => {
      // A user of its own: the timing tests above throttle kari.
      await createUser(
        t.context.db,
        { username: 'ola', displayName: 'Ola', role: 'accountant' },
        TEST_PASSWORD,
      )
      const first = await postSignIn(t.app, 'ola', TEST_PASSWORD)
      const second = await postSignIn(t.app, 'ola', TEST_PASSWORD)

      assert.notEqual(first, second)
    })

    it('refuses a sign-in posted from another origin', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        ...form({ username: 'kari', password: TEST_PASSWORD }),
        headers: { origin: 'https://evil.example', ...form({}).headers },
      })

      assert.equal(response.statusCode, 403)
    })
  })

  describe('GET /invoices without a session', () => {
    it('sends the browser to the sign-in page', async () => {
      const response = await t.app.inject({ url: '/invoices' })

      assert.equal(response.statusCode, 303)
      assert.equal(response.headers.location, '/sign-in')
    })
  })
})

describe('sessions', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({ sessionIdleMinutes: 15, sessionAbsoluteHours: 8 })
  })
  after(() => t.close())

  it('stores only the SHA-256 of the session id', async () => {
    const agent = await t.signIn('accountant')
    const rows = await t.context.db
      .selectFrom('sessions')
      .select('id_hash')
      .execute()

    assert.ok(rows.every((r) => r.id_hash !== agent.sessionId))
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash)))
  })

  it('refuses a cookie replayed after sign-out', async () => {
    const agent = await t.signIn('accountant')
    const signOut = await agent.inject({
      method: 'POST',
      url: '/sign-out',
      payload: { _csrf: agent.csrfToken },
    })
    const replay = await agent.inject({
      url: '/api/v1/invoices/00000000-0000-0000-0000-000000000000/allocation',
    })

    assert.equal(signOut.statusCode, 303)
    assert.equal(replay.statusCode, 401)
  })

  it('ends a session idle longer than the idle timeout', async () => {
    const agent = await t.signIn('accountant')
    const idle = new Date(Date.now() - 16 * 60_000).toISOString()
    await t.context.db
      .updateTable('sessions')
      .set({ last_seen_at: idle })
      .execute()
    const response = await agent.inject({ url: '/invoices' })

    assert.equal(response.headers.location, '/sign-in')
  })

  it('ends a session past its absolute cap though it was active', async () => {
    const agent = await t.signIn('accountant')
    const past = new Date(Date.now() - 1000).toISOString()
    await t.context.db
      .updateTable('sessions')
      .set({ expires_at: past })
      .execute()
    const response = await agent.inject({ url: '/invoices' })

    assert.equal(response.headers.location, '/sign-in')
  })

  it('keeps an active session within both limits', async () => {
    const agent = await t.signIn('accountant')
    const response = await agent.inject({ url: '/invoices' })

    assert.equal(response.statusCode, 200)
  })
})

describe('password change', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp()
  })
  after(() => t.close())

  it('sends a user who must change password to the change page', async () => {
    await createUser(
      t.context.db,
      { username: 'ny', displayName: 'Ny', role: 'accountant' },
      TEST_PASSWORD,
      true,
    )
    const id = await postSignIn(t.app, 'ny', TEST_PASSWORD)
    const response = await t.app.inject({
      url: '/invoices',
      headers: { cookie: `${SESSION_COOKIE}=${id}` },
    })

    assert.equal(response.headers.location, '/password')
  })

  it('refuses a new password from the common-password list', async () => {
    const agent = await t.signIn('accountant')
    const response = await agent.inject({
      method: 'POST',
      url: '/password',
      payload: {
        current: TEST_PASSWORD,
        next: 'password1234',
        repeat: 'password1234',
      },
    })

    assert.equal(response.statusCode, 422)
    assert.match(response.body, /data-code="password-common"/)
  })

  it('accepts a long passphrase and signs in with it afterwards', async () => {
    const agent = await t.signIn('accountant')
    const next = 'en lang setning om fjorder og fjell'
    const response = await agent.inject({
      method: 'POST',
      url: '/password',
      payload: { current: TEST_PASSWORD, next, repeat: next },
    })
    const again = await postSignIn(t.app, agent.user.username, next)

    assert.equal(response.statusCode, 303)
    assert.ok(again)
  })
})
