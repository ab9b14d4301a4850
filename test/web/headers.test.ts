import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp, multipartFile } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'

function assertSecurityHeaders(response: LightMyRequestResponse) {
  const h = response.headers
  const hsts = String(h['strict-transport-security'])
  const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1])
  const csp = String(h['content-security-policy'])

  assert.ok(maxAge >= 31_536_000 && hsts.includes('includeSubDomains'), hsts)
  for (const directive of [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ]) {
    assert.ok(csp.includes(directive), `${directive} in ${csp}`)
  }
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
  assert.equal(h['x-content-type-options'], 'nosniff')
  assert.equal(h['x-frame-options'], 'DENY')
  assert.ok(h['referrer-policy'])
  assert.ok(h['permissions-policy'])
}

describe('security headers', () => {
  let t: TestApp
  let agent: Agent
  before(async () => {
    t = await buildTestApp({ maxUploadBytes: 1024 })
    agent = await t.signIn('accountant')
  })
  after(() => t.close())

  it('are on a page, which is not cached', async () => {
    const response = await agent.inject({ url: '/invoices' })

    assertSecurityHeaders(response)
    assert.equal(response.headers['cache-control'], 'no-store')
  })

  it('are on a 400 for a URL that cannot be decoded', async () => {
    const response = await agent.inject({ url: '/invoices/%ZZ' })

    assert.equal(response.statusCode, 400)
    assertSecurityHeaders(response)
  })

  it('answer an undecodable URL in plain words without echoing it', async () => {
    const response = await agent.inject({ url: '/invoices/%ZZ<b>' })

    assert.match(String(response.headers['content-type']), /^text\/plain/)
    assert.doesNotMatch(response.body, /%ZZ|<b>|FST_ERR/)
  })

  it('are on a 404', async () => {
    const response = await agent.inject({ url: '/no-such-page' })

    assert.equal(response.statusCode, 404)
    assertSecurityHeaders(response)
  })

  it('are on a 413', async () => {
    const body = multipartFile('big.pdf', Buffer.alloc(4096, 1))
    const response = await agent.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      ...body,
    })

    assert.equal(response.statusCode, 413)
    assertSecurityHeaders(response)
  })

  it('are on a 415', async () => {
    const response = await agent.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    })

    assert.equal(response.statusCode, 415)
    assertSecurityHeaders(response)
  })

  it('are on a 422', async () => {
    const response = await agent.inject({
      method: 'POST',
      url: '/password',
      payload: { current: 'x', next: 'a', repeat: 'b' },
    })

    assert.equal(response.statusCode, 422)
    assertSecurityHeaders(response)
  })

  it('are on a 500, which hides the cause', async () => {
    const response = await failingRequest()

    assert.equal(response.statusCode, 500)
    assert.doesNotMatch(response.body, /destroyed|driver/i)
    assertSecurityHeaders(response)
  })

  it('are on the static assets', async () => {
    const response = await t.app.inject({ url: '/assets/style.css' })

    assert.equal(response.statusCode, 200)
    assertSecurityHeaders(response)
  })
})

/** A request that fails unexpectedly: its database is already closed. */
async function failingRequest() {
  const broken = await buildTestApp()
  broken.app.log.level = 'silent'
  await broken.context.db.destroy()
  const response = await broken.app.inject({
    url: '/invoices',
    headers: { cookie: `__Host-telekost=${'a'.repeat(43)}` },
  })
  await broken.app.close()

  return response
}
