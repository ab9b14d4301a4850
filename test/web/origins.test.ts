import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { loadConfig } from '../../src/config.js'
import { defaultProbes, securityChecklist } from '../../src/security/doctor.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import { createUser } from '../../src/security/accounts.js'
import { buildTestApp, form, TEST_PASSWORD } from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'

describe('allowed origins', () => {
  describe('in the settings', () => {
    it('are the three loopback names of the port in development', () => {
      const config = loadConfig({ PORT: '4100' })

      assert.deepEqual(config.allowedOrigins, [
        'http://localhost:4100',
        'http://127.0.0.1:4100',
        'http://[::1]:4100',
      ])
    })

    it('are read from TELEKOST_ORIGIN as a comma list', () => {
      const config = loadConfig({
        TELEKOST_ORIGIN: 'https://a.example.no, https://b.example.no',
      })

      assert.deepEqual(config.allowedOrigins, [
        'https://a.example.no',
        'https://b.example.no',
      ])
    })

    it('pass the production check when each one is https', async () => {
      const ok = await httpsOriginHolds(
        'https://a.example.no,https://b.example.no',
      )

      assert.equal(ok, true)
    })

    it('fail the production check when any one is plain http', async () => {
      const ok = await httpsOriginHolds(
        'https://a.example.no,http://b.example.no',
      )

      assert.equal(ok, false)
    })
  })

  describe('POST /sign-in in development', () => {
    let t: TestApp
    before(async () => {
      const { origin, allowedOrigins } = loadConfig({ PORT: '3000' })
      t = await buildTestApp({ origin, allowedOrigins })
      await createUser(
        t.context.db,
        { username: 'kari', displayName: 'Kari', role: 'accountant' },
        TEST_PASSWORD,
      )
    })
    after(() => t.close())

    function signInFrom(origin: string) {
      const body = form({ username: 'kari', password: TEST_PASSWORD })
      return t.app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: body.payload,
        headers: { ...body.headers, origin },
      })
    }

    for (const origin of ['http://127.0.0.1:3000', 'http://[::1]:3000']) {
      it(`signs in from ${origin}`, async () => {
        const response = await signInFrom(origin)

        assert.ok(response.cookies.some((c) => c.name === SESSION_COOKIE))
      })
    }

    it('names the address to open when the origin is not one of them', async () => {
      const response = await signInFrom('http://127.0.0.1:3001')

      assert.equal(response.statusCode, 403)
      assert.match(response.body, /Åpne http:\/\/localhost:3000/)
    })
  })
})

async function httpsOriginHolds(origins: string): Promise<boolean> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    TELEKOST_ORIGIN: origins,
  })
  const items = await securityChecklist(config, defaultProbes(500))

  return items.find((i) => i.id === 'https-origin')!.ok
}
