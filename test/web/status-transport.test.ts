import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp, multipartFile, TEST_ORIGIN } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'

const FORM = 'application/x-www-form-urlencoded'

function assertHeaders(response: LightMyRequestResponse) {
  const csp = String(response.headers['content-security-policy'])

  assert.match(String(response.headers['strict-transport-security']), /max-age/)
  assert.match(csp, /frame-ancestors 'none'/)
  assert.equal(response.headers['x-content-type-options'], 'nosniff')
}

describe('timeouts and body limits', () => {
  let t: TestApp
  let agent: Agent
  before(async () => {
    t = await buildTestApp({ maxUploadBytes: 8 * 1024 })
    agent = await t.signIn('accountant')
  })
  after(() => t.close())

  it('sets a request timeout of at most five minutes', () => {
    // Fastify keeps the option but leaves it out of the type.
    const initial = t.app.initialConfig as { requestTimeout?: number }
    const timeout = initial.requestTimeout ?? 0

    assert.ok(timeout > 0 && timeout <= 300_000, String(timeout))
    assert.equal(t.app.server.requestTimeout, timeout)
  })

  it('sets a connection timeout of at most five minutes', () => {
    const timeout = t.app.initialConfig.connectionTimeout ?? 0

    assert.ok(timeout > 0 && timeout <= 300_000, String(timeout))
    assert.equal(t.app.server.timeout, timeout)
  })

  it('keeps idle connections open only briefly', () => {
    const timeout = t.app.initialConfig.keepAliveTimeout ?? 0

    assert.ok(timeout > 0 && timeout <= 60_000, String(timeout))
  })

  it('refuses a sign-in form over 64 KiB with 413 and the headers', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { origin: TEST_ORIGIN, 'content-type': FORM },
      payload: `username=a&password=${'x'.repeat(65 * 1024)}`,
    })

    assert.equal(response.statusCode, 413)
    assertHeaders(response)
  })

  it('refuses a signed-in form over 64 KiB with 413 and the headers', async () => {
    const response = await agent.inject({
      method: 'POST',
      url: '/password',
      headers: { 'content-type': FORM },
      payload: `current=${'x'.repeat(65 * 1024)}&next=a&repeat=a`,
    })

    assert.equal(response.statusCode, 413)
    assertHeaders(response)
  })

  it('refuses an upload over the configured limit with 413 and the headers', async () => {
    const body = multipartFile('faktura.pdf', Buffer.alloc(9 * 1024, 0x25), {
      _csrf: agent.csrfToken,
    })
    const response = await agent.inject({
      method: 'POST',
      url: '/invoices/upload',
      ...body,
    })

    assert.equal(response.statusCode, 413)
    assertHeaders(response)
  })

  it('takes a form just under the limit past the body check', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { origin: TEST_ORIGIN, 'content-type': FORM },
      payload: `username=a&password=${'x'.repeat(1024)}`,
    })

    assert.notEqual(response.statusCode, 413)
  })
})
