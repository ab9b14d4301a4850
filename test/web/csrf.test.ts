import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { STATE_CHANGING } from '../../src/security/csrf.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import { buildTestApp, multipartFile, TEST_ORIGIN } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'

const SOME_ID = '00000000-0000-4000-8000-000000000000'

function concrete(url: string): string {
  return url.replace(/:id/g, SOME_ID).replace(/:report/g, 'journal.csv')
}

describe('CSRF', () => {
  let t: TestApp
  let admin: Agent
  before(async () => {
    t = await buildTestApp()
    admin = await t.signIn('admin')
  })
  after(() => t.close())

  function stateChanging() {
    return t.app.routeTable.filter((r) => STATE_CHANGING.has(r.method))
  }

  it('finds state-changing routes in the route table', () => {
    assert.ok(stateChanging().length >= 8)
  })

  it('refuses every state-changing route from a session without the token', async () => {
    for (const route of stateChanging()) {
      if (route.access === 'public') continue
      const body =
        route.body === 'multipart'
          ? multipartFile('a.pdf', Buffer.from('%PDF-'), { _csrf: 'wrong' })
          : {
              payload: '_csrf=wrong',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            }
      const response = await t.app.inject({
        method: route.method as 'POST',
        url: concrete(route.url),
        payload: body.payload,
        headers: {
          ...body.headers,
          origin: TEST_ORIGIN,
          cookie: `${SESSION_COOKIE}=${admin.sessionId}`,
        },
      })
      const code = response.statusCode === 403 ? response.body : ''

      assert.match(
        code,
        /csrf-token|skjemaet kunne ikke sendes/i,
        `${route.method} ${route.url}`,
      )
    }
  })

  it('refuses every state-changing route from another origin', async () => {
    for (const route of stateChanging()) {
      const response = await admin.inject({
        method: route.method as 'POST',
        url: concrete(route.url),
        headers: { origin: 'https://evil.example' },
        payload: { _csrf: admin.csrfToken },
      })

      assert.equal(response.statusCode, 403, `${route.method} ${route.url}`)
    }
  })

  it('refuses a cross-site request that sends no Origin', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: {
        'sec-fetch-site': 'cross-site',
        cookie: `${SESSION_COOKIE}=${admin.sessionId}`,
        'x-csrf-token': admin.csrfToken,
      },
    })

    assert.equal(response.statusCode, 403)
  })

  it('changes nothing on GET: no GET route is state-changing by name', () => {
    const gets = t.app.routeTable.filter((r) => r.method === 'GET')

    assert.ok(
      gets.every((r) => !/(assign|approve|accept|delete|sign-out)/.test(r.url)),
    )
  })

  it('accepts the token from the form field', async () => {
    const response = await admin.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { 'x-csrf-token': '' },
      payload: { _csrf: admin.csrfToken },
    })

    assert.equal(response.statusCode, 303)
  })
})
