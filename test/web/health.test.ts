import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { findJob } from '../../src/store/jobs.js'
import { startMetricsServer } from '../../src/web/metrics.js'
import type { MetricsServer } from '../../src/web/metrics.js'
import { buildTestApp, multipartFile } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { fixture } from '../helpers/paths.js'

const REDIS_URL = process.env['TELEKOST_TEST_REDIS_URL']

describe('GET /api/ready', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp()
  })
  after(() => t.close())

  it('answers 200 when the database answers and no Redis is configured', async () => {
    const response = await t.app.inject({ url: '/api/ready' })

    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), {
      status: 'ready',
      database: 'ok',
      redis: 'not-configured',
    })
  })
})

describe(
  'GET /api/ready with Redis unreachable',
  {
    skip: REDIS_URL ? false : 'TELEKOST_TEST_REDIS_URL is unset',
  },
  () => {
    let t: TestApp
    before(async () => {
      const dead = new URL(REDIS_URL!)
      dead.port = '1'
      t = await buildTestApp({ redisUrl: dead.toString() })
    })
    after(() => t.close())

    it('answers 503 naming Redis as the one that is down', async () => {
      const response = await t.app.inject({ url: '/api/ready' })

      assert.equal(response.statusCode, 503)
      assert.deepEqual(response.json(), {
        status: 'not-ready',
        database: 'ok',
        redis: 'down',
        message: 'Får ikke kontakt med Redis.',
      })
    })
  },
)

describe('request ids', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({ trustedProxies: ['10.0.0.0/8'] })
  })
  after(() => t.close())

  function get(remoteAddress: string, id?: string) {
    return t.app.inject({
      url: '/api/health',
      remoteAddress,
      headers: id ? { 'x-request-id': id } : {},
    })
  }

  it('takes the id a trusted proxy sends and echoes it', async () => {
    const response = await get('10.1.2.3', 'traefik-4f2a9c01')

    assert.equal(response.headers['x-request-id'], 'traefik-4f2a9c01')
  })

  it('makes its own id when a client that is no proxy sends one', async () => {
    const response = await get('192.0.2.7', 'chosen-by-client')

    assert.notEqual(response.headers['x-request-id'], 'chosen-by-client')
    assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/)
  })

  it('makes its own id when a trusted proxy sends an unsafe one', async () => {
    const response = await get('10.1.2.3', 'bad id\\with spaces')

    assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/)
  })

  it('gives every request a different id', async () => {
    const first = await get('192.0.2.7')
    const second = await get('192.0.2.7')

    assert.notEqual(
      first.headers['x-request-id'],
      second.headers['x-request-id'],
    )
  })
})

describe('metrics on their own port', () => {
  let t: TestApp
  let server: MetricsServer
  let text: string
  before(async () => {
    t = await buildTestApp()
    server = await startMetricsServer(t.app, t.context, {
      host: '127.0.0.1',
      port: 0,
    })
    const accountant = await t.signIn('accountant')
    await uploadNovember(accountant)
    await t.app.inject({ url: '/api/health' })
    text = await (await fetch(`${server.address}/metrics`)).text()
  })
  after(async () => {
    await server.close()
    await t.close()
  })

  it('listens on loopback only', () => {
    assert.match(server.address, /^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('counts requests by route template and status', () => {
    assert.match(
      text,
      /^telekost_http_requests_total\{method="GET",route="\/api\/health",status="200"\} 1$/m,
    )
  })

  it('keeps a latency histogram per route', () => {
    assert.match(
      text,
      /^telekost_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/invoices"\} 1$/m,
    )
  })

  it('counts uploads by outcome', () => {
    assert.match(text, /^telekost_uploads_total\{outcome="stored"\} 1$/m)
  })

  it('counts jobs by status', () => {
    assert.match(text, /^telekost_jobs\{status="done"\} 1$/m)
    assert.match(text, /^telekost_jobs\{status="pending"\} 0$/m)
  })

  it('reports process memory', () => {
    assert.match(text, /^process_resident_memory_bytes \d+$/m)
  })

  it('answers 404 for anything but GET /metrics', async () => {
    const response = await fetch(`${server.address}/`)

    assert.equal(response.status, 404)
  })
})

describe('an upload that outlasts the wait', () => {
  let t: TestApp
  let accountant: Agent
  before(async () => {
    t = await buildTestApp({ uploadWaitMs: 0, testJobDelayMs: 300 })
    accountant = await t.signIn('accountant')
  })
  after(() => t.close())

  it('answers 202 with a Location to poll, and the job ends with the invoice', async () => {
    const response = await uploadNovember(accountant)
    const location = String(response.headers.location)
    const id = location.split('/').pop()!
    await t.context.jobs.waitFor(id, 30_000)
    const job = await accountant.inject({ url: location })
    const body = job.json() as { status: string; invoiceId: string }
    const stored = await findJob(t.context.db, id)

    assert.equal(response.statusCode, 202)
    assert.match(location, /^\/api\/v1\/jobs\/[0-9a-f-]{36}$/)
    assert.deepEqual([body.status, body.invoiceId], ['done', stored!.invoiceId])
  })
})

async function uploadNovember(agent: Agent) {
  const bytes = await readFile(fixture('telia', '2026-11', 'invoice.pdf'))

  return agent.inject({
    method: 'POST',
    url: '/api/v1/invoices',
    ...multipartFile('invoice.pdf', bytes),
  })
}
