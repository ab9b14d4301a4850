import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildTestApp } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'

function handles(body: string): string[] {
  return [...body.matchAll(/data-session="([A-Za-z0-9_-]{22})"/g)].map(
    (m) => m[1]!,
  )
}

describe('the sessions pages', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp()
  })
  after(() => t.close())

  async function twoSessions(): Promise<[Agent, Agent]> {
    const first = await t.signIn('accountant')
    const { postSignIn, TEST_PASSWORD } = await import('../helpers/app.js')
    const secondId = await postSignIn(t.app, first.user.username, TEST_PASSWORD)
    return [first, { ...first, sessionId: secondId }]
  }

  it('shows a user own sessions with time, address and browser', async () => {
    const [agent] = await twoSessions()
    const page = await agent.inject({ url: '/account/sessions' })

    assert.equal(page.statusCode, 200)
    assert.equal(handles(page.body).length, 2)
    assert.match(page.body, /127\.0\.0\.1/)
  })

  it('ends one of the own sessions by its handle', async () => {
    const [first, second] = await twoSessions()
    const page = await first.inject({ url: '/account/sessions' })
    const current =
      /data-session="([^"]+)"><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td><em>/.exec(
        page.body,
      )![1]!
    const other = handles(page.body).find((h) => h !== current)!
    const end = await first.inject({
      method: 'POST',
      url: `/account/sessions/${other}/end`,
      payload: { _csrf: first.csrfToken },
    })
    const stillIn = await first.inject({ url: '/invoices' })
    const endedOut = await t.app.inject({
      url: '/invoices',
      headers: { cookie: `__Host-telekost=${second.sessionId}` },
    })

    assert.equal(end.statusCode, 303)
    assert.equal(stillIn.statusCode, 200)
    assert.equal(endedOut.headers.location, '/sign-in')
  })

  it('answers 404 when a user posts another user’s session handle', async () => {
    const owner = await t.signIn('accountant')
    const other = await t.signIn('accountant')
    const page = await owner.inject({ url: '/account/sessions' })
    const handle = handles(page.body)[0]!
    const response = await other.inject({
      method: 'POST',
      url: `/account/sessions/${handle}/end`,
      payload: { _csrf: other.csrfToken },
    })
    const ownerStill = await owner.inject({ url: '/invoices' })

    assert.equal(response.statusCode, 404)
    assert.equal(ownerStill.statusCode, 200)
  })

  it('lets an administrator see and end anyone’s session', async () => {
    const admin = await t.signIn('admin')
    const user = await t.signIn('accountant')
    const page = await admin.inject({ url: `/admin/users/${user.user.id}` })
    const handle = handles(page.body)[0]!
    const end = await admin.inject({
      method: 'POST',
      url: `/admin/users/${user.user.id}/sessions/${handle}/end`,
      payload: { _csrf: admin.csrfToken },
    })
    const after = await user.inject({ url: '/invoices' })

    assert.equal(end.statusCode, 303)
    assert.equal(after.headers.location, '/sign-in')
  })
})
