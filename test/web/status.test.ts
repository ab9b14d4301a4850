import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import { buildTestApp } from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'
import { NO_REDIS, REDIS_URL } from '../security/doctor-env.js'

function rows(html: string): Map<string, boolean> {
  const found = new Map<string, boolean>()
  for (const m of html.matchAll(
    /data-check="([a-z-]+)" data-ok="(true|false)"/g,
  )) {
    found.set(m[1]!, m[2] === 'true')
  }
  return found
}

describe('security status page', () => {
  let t: TestApp
  afterEach(() => t.close())

  it('shows an administrator every measure production is missing', async () => {
    t = await buildTestApp({ redisUrl: null, databaseUrl: null })
    const admin = await t.signIn('admin')
    const response = await admin.inject({ url: '/admin/security-status' })
    const checks = rows(response.body)

    assert.equal(response.statusCode, 200)
    for (const id of ['redis', 'https-origin', 'trusted-proxies', 'alerts']) {
      assert.equal(checks.get(id), false, id)
    }
    assert.match(response.body, /Sikkerhetsstatus/)
    assert.match(response.body, /✗/)
  })

  it('shows the same items the checklist has, in English too', async () => {
    t = await buildTestApp()
    const admin = await t.signIn('admin')
    const response = await admin.inject({
      url: '/admin/security-status?lang=en',
    })

    assert.match(response.body, /Security status/)
    assert.equal(rows(response.body).size, 10)
  })

  it(
    'shows a reachable Redis as held without its password',
    { skip: NO_REDIS },
    async () => {
      t = await buildTestApp()
      const admin = await t.signIn('admin')
      // Sessions stay in the database; only the page's checklist sees Redis.
      t.context.config.redisUrl = REDIS_URL!
      const response = await admin.inject({ url: '/admin/security-status' })
      const password = new URL(REDIS_URL!).password

      assert.equal(rows(response.body).get('redis'), true)
      assert.ok(!response.body.includes(`:${password}@`))
    },
  )

  it('is refused to an accountant', async () => {
    t = await buildTestApp()
    const accountant = await t.signIn('accountant')
    const response = await accountant.inject({ url: '/admin/security-status' })

    assert.equal(response.statusCode, 403)
  })
})
