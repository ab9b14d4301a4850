import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { listSecurityEvents } from '../../src/store/security-events.js'
import { buildTestApp, form, TEST_ORIGIN } from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'

const PROXY = '10.200.0.1'

function someAddress(): string {
  return `192.0.2.${randomInt(1, 255)}`
}

function signIn(t: TestApp, remoteAddress: string, forwardedFor: string) {
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress,
    ...form({ username: 'nobody', password: 'not the password at all' }),
    headers: {
      origin: TEST_ORIGIN,
      'x-forwarded-for': forwardedFor,
      ...form({}).headers,
    },
  })
}

describe('client address behind a proxy', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({
      rateSignInPerMinute: 10,
      trustedProxies: [PROXY, '10.201.0.0/16'],
    })
  })
  after(() => t.close())

  it('ignores X-Forwarded-For from a peer that is not a proxy', async () => {
    const peer = '198.51.100.20'
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const response = await signIn(t, peer, `203.0.113.${i + 1}`)
      statuses.push(response.statusCode)
    }

    assert.ok(statuses.slice(0, 10).every((s) => s !== 429))
    assert.equal(statuses[10], 429)
    const [event] = await listSecurityEvents(t.context.db, {
      type: 'rate-limited',
    })
    assert.equal(event?.ip, peer)
  })

  it('takes the client from X-Forwarded-For sent by a configured proxy', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 15; i++) {
      const response = await signIn(t, PROXY, someAddress() + `, ${PROXY}`)
      statuses.push(response.statusCode)
    }

    assert.ok(statuses.every((s) => s !== 429))
  })

  it('still limits one forwarded client', async () => {
    const client = '203.0.113.200'
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const response = await signIn(t, '10.201.3.4', client)
      statuses.push(response.statusCode)
    }

    assert.equal(statuses[10], 429)
    const events = await listSecurityEvents(t.context.db, {
      type: 'rate-limited',
    })
    assert.ok(events.some((e) => e.ip === client))
  })
})

/** Sends raw bytes and collects what comes back until the server closes. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => (answer += d))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
    socket.setTimeout(5_000, () => {
      socket.destroy()
      resolve(answer)
    })
    socket.write(request)
  })
}

describe('request smuggling', () => {
  let t: TestApp
  let port: number
  before(async () => {
    t = await buildTestApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    port = (t.app.server.address() as AddressInfo).port
  })
  after(() => t.close())

  const smuggled =
    'POST /sign-in HTTP/1.1\r\n' +
    'Host: 127.0.0.1\r\n' +
    'Content-Type: application/x-www-form-urlencoded\r\n' +
    'Content-Length: 6\r\n' +
    'Transfer-Encoding: chunked\r\n' +
    '\r\n' +
    '0\r\n\r\n' +
    'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'

  it('refuses a request with both Transfer-Encoding and Content-Length', async () => {
    const answer = await raw(port, smuggled)

    assert.match(answer, /^HTTP\/1\.1 400 /)
    assert.equal(answer.match(/^HTTP\/1\.1 /gm)?.length, 1)
  })

  it('sends the security headers with the refusal', async () => {
    const answer = (await raw(port, smuggled)).toLowerCase()

    assert.match(answer, /\r\nstrict-transport-security: max-age=\d+/)
    assert.match(
      answer,
      /\r\ncontent-security-policy: [^\r]*frame-ancestors 'none'/,
    )
    assert.match(answer, /\r\nx-content-type-options: nosniff/)
  })

  it('keeps answering after the refusal', async () => {
    await raw(port, smuggled)
    const answer = await raw(
      port,
      'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    )

    assert.match(answer, /^HTTP\/1\.1 200 /)
    assert.match(answer, /"status":"ok"/)
  })
})
