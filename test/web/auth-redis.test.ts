import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createUser } from '../../src/security/accounts.js'
import { hashSessionId, SESSION_COOKIE } from '../../src/security/sessions.js'
import {
  buildTestApp,
  form,
  postSignIn,
  TEST_ORIGIN,
  TEST_PASSWORD,
} from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'
import { cookieOf, postSignInForm } from './helpers-accounts.js'

const REDIS_URL = process.env['TELEKOST_TEST_REDIS_URL']
const skip = REDIS_URL ? false : 'TELEKOST_TEST_REDIS_URL is unset'

describe('sessions in Redis', { skip }, () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({ redisUrl: REDIS_URL! })
    await createUser(
      t.context.db,
      { username: 'rita', displayName: 'Rita', role: 'accountant' },
      TEST_PASSWORD,
    )
  })
  after(() => t.close())

  it('keeps the session in Redis, not in the database', async () => {
    await postSignIn(t.app, 'rita', TEST_PASSWORD)
    const rows = await t.context.db.selectFrom('sessions').selectAll().execute()
    const keys = await t.context.redis!.keys('telekost:session:*')

    assert.deepEqual(rows, [])
    assert.ok(keys.length > 0)
  })

  it('refuses a cookie replayed after sign-out', async () => {
    const id = await postSignIn(t.app, 'rita', TEST_PASSWORD)
    const cookie = `${SESSION_COOKIE}=${id}`
    const session = await t.context.sessions.find(hashSessionId(id))
    const csrf = session!.csrfToken
    const before = await t.app.inject({ url: '/invoices', headers: { cookie } })
    await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      ...form({ _csrf: csrf }),
      headers: { ...form({}).headers, cookie, origin: TEST_ORIGIN },
    })
    const replay = await t.app.inject({ url: '/invoices', headers: { cookie } })

    assert.equal(before.statusCode, 200)
    assert.equal(replay.headers.location, '/sign-in')
  })
})

describe('when Redis cannot be reached', { skip }, () => {
  let t: TestApp
  before(async () => {
    const dead = new URL(REDIS_URL!)
    dead.port = '1'
    t = await buildTestApp({ redisUrl: dead.toString() })
    await createUser(
      t.context.db,
      { username: 'rita', displayName: 'Rita', role: 'accountant' },
      TEST_PASSWORD,
    )
  })
  after(() => t.close())

  it('refuses sign-in with 503 and a clear message, setting no cookie', async () => {
    const response = await postSignInForm(t, 'rita', TEST_PASSWORD)

    assert.equal(response.statusCode, 503)
    assert.match(response.body, /midlertidig utilgjengelig/)
    assert.equal(cookieOf(response, SESSION_COOKIE), undefined)
  })

  it('answers a page with a session cookie with 503, not a silent sign-out', async () => {
    const response = await t.app.inject({
      url: '/invoices',
      headers: { cookie: `${SESSION_COOKIE}=${'a'.repeat(43)}` },
    })

    assert.equal(response.statusCode, 503)
  })
})
