import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { SecurityEvent } from '../../src/security/events/types.js'
import { hashApiToken } from '../../src/security/api-tokens.js'
import { buildTestApp } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { captureEvents } from './helpers-accounts.js'

const SOME_INVOICE = '/api/v1/invoices/00000000-0000-4000-8000-000000000000'

async function createToken(
  agent: Agent,
  scopes: string[],
  days = '30',
): Promise<string> {
  const body = new URLSearchParams({
    _csrf: agent.csrfToken,
    name: 'robot',
    days,
  })
  for (const scope of scopes) body.append('scopes', scope)
  const response = await agent.inject({
    method: 'POST',
    url: '/account/api-tokens',
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })
  assert.equal(response.statusCode, 201)

  return /data-new-token[^>]*>(tk_[A-Za-z0-9_-]+)</.exec(response.body)![1]!
}

describe('API tokens', () => {
  let t: TestApp
  let events: SecurityEvent[]
  before(async () => {
    t = await buildTestApp()
    events = captureEvents(t.context)
  })
  after(() => t.close())

  function bearer(token: string, url = SOME_INVOICE, method = 'GET') {
    return t.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    })
  }

  it('makes a token of 256 random bits and stores only its SHA-256', async () => {
    const agent = await t.signIn('accountant')
    const token = await createToken(agent, ['invoices:read'])
    const rows = await t.context.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .execute()

    assert.match(token, /^tk_[A-Za-z0-9_-]{43}$/)
    assert.ok(rows.some((r) => r.token_hash === hashApiToken(token)))
    assert.ok(rows.every((r) => !r.token_hash.includes(token.slice(3))))
  })

  it('shows the token once: the list page does not show it again', async () => {
    const agent = await t.signIn('accountant')
    const token = await createToken(agent, ['invoices:read'])
    const list = await agent.inject({ url: '/account/api-tokens' })

    assert.ok(!list.body.includes(token))
    assert.match(list.body, /robot/)
  })

  it('acts as its owner on /api/v1 within its scope', async () => {
    const agent = await t.signIn('accountant')
    const token = await createToken(agent, ['invoices:read'])
    const response = await bearer(token)

    assert.equal(response.statusCode, 404)
    assert.equal(response.json().error.code, 'not-found')
  })

  it('refuses a route outside the token’s scopes', async () => {
    const agent = await t.signIn('accountant')
    const token = await createToken(agent, ['register:read'])
    const response = await bearer(token)

    assert.equal(response.statusCode, 403)
  })

  it('never gives a token more than its owner’s role allows', async () => {
    const agent = await t.signIn('auditor')
    const token = await createToken(agent, ['invoices:write'])
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'multipart/form-data; boundary=x',
      },
      payload: '--x--\r\n',
    })

    assert.equal(response.statusCode, 403)
    assert.equal(response.json().error.code, 'forbidden')
  })

  it('needs no CSRF token or Origin for a write', async () => {
    const agent = await t.signIn('accountant')
    const token = await createToken(agent, ['invoices:write'])
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'multipart/form-data; boundary=x',
      },
      payload: '--x--\r\n',
    })

    assert.notEqual(response.statusCode, 403)
    assert.notEqual(response.statusCode, 401)
  })

  it('signs nobody in on a page outside /api/v1', async () => {
    const agent = await t.signIn('accountant')
    const token = await createToken(agent, ['invoices:read'])
    const response = await bearer(token, '/invoices')

    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, '/sign-in')
  })

  it('refuses a revoked token', async () => {
    const agent = await t.signIn('accountant')
    const token = await createToken(agent, ['invoices:read'])
    const row = await t.context.db
      .selectFrom('api_tokens')
      .select('id')
      .where('token_hash', '=', hashApiToken(token))
      .executeTakeFirstOrThrow()
    const revoke = await agent.inject({
      method: 'POST',
      url: `/account/api-tokens/${row.id}/revoke`,
      payload: { _csrf: agent.csrfToken },
    })

    assert.equal(revoke.statusCode, 303)
    assert.equal((await bearer(token)).statusCode, 401)
  })

  it('refuses an expired token', async () => {
    const agent = await t.signIn('accountant')
    const token = await createToken(agent, ['invoices:read'])
    await t.context.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token_hash', '=', hashApiToken(token))
      .execute()

    assert.equal((await bearer(token)).statusCode, 401)
  })

  it('refuses an expiry over a year', async () => {
    const agent = await t.signIn('accountant')
    const body = new URLSearchParams({
      _csrf: agent.csrfToken,
      name: 'for lenge',
      days: '366',
      scopes: 'invoices:read',
    })
    const response = await agent.inject({
      method: 'POST',
      url: '/account/api-tokens',
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })

    assert.equal(response.statusCode, 422)
    assert.match(response.body, /data-code="token-days"/)
  })

  it('lets nobody revoke another user’s token', async () => {
    const owner = await t.signIn('accountant')
    const other = await t.signIn('admin')
    const token = await createToken(owner, ['invoices:read'])
    const row = await t.context.db
      .selectFrom('api_tokens')
      .select('id')
      .where('token_hash', '=', hashApiToken(token))
      .executeTakeFirstOrThrow()
    const revoke = await other.inject({
      method: 'POST',
      url: `/account/api-tokens/${row.id}/revoke`,
      payload: { _csrf: other.csrfToken },
    })

    assert.equal(revoke.statusCode, 404)
    assert.equal((await bearer(token)).statusCode, 404)
  })

  it('records created and revoked tokens with severity 4 and no token', async () => {
    const agent = await t.signIn('accountant')
    const token = await createToken(agent, ['invoices:read'])

    assert.ok(
      events.some((e) => e.type === 'api-token-created' && e.severity === 4),
    )
    assert.ok(
      events.some((e) => e.type === 'api-token-revoked' && e.severity === 4),
    )
    assert.ok(!JSON.stringify(events).includes(token))
  })
})
