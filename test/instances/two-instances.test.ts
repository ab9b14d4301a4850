import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { testConfig } from '../../src/config.js'
import { createUser } from '../../src/security/accounts.js'
import { hashSessionId, SESSION_COOKIE } from '../../src/security/sessions.js'
import { closeContext, openContext } from '../../src/services/context.js'
import type { AppContext } from '../../src/services/context.js'
import { dropSchema } from '../../src/store/postgres.js'
import { findJob, listJobs } from '../../src/store/jobs.js'
import { multipartFile } from '../helpers/app.js'
import { renderEhf } from '../helpers/generate/ehf.js'
import { makeInvoice } from '../helpers/generate/invoice.js'
import { startInstance } from './instance.js'
import type { Instance } from './instance.js'

const DATABASE_URL = process.env['TELEKOST_TEST_DATABASE_URL']
const REDIS_URL = process.env['TELEKOST_TEST_REDIS_URL']
const skip =
  DATABASE_URL && REDIS_URL
    ? false
    : 'needs TELEKOST_TEST_DATABASE_URL and TELEKOST_TEST_REDIS_URL ' +
      '(npm test starts PostgreSQL and Redis and sets both)'

const ORIGIN = 'http://localhost:3000'
const PASSWORD = 'riktig hest batteri stift'
const SIGN_IN_LIMIT = 6
const LEASE_SECONDS = 2
/** B sleeps this long before each read, so it can be killed mid-read. */
const B_DELAY_MS = 4_000

interface Session {
  cookie: string
  csrf: string
}

/**
 * Two real app processes on one PostgreSQL schema, one Redis database and
 * one shared data folder (the uploads volume), as production runs them.
 */
describe('two instances on one PostgreSQL and one Redis', { skip }, () => {
  const schema = `test_${randomBytes(8).toString('hex')}`
  const dataDir = mkdtempSync(join(tmpdir(), 'telekost-instances-'))
  // A Redis database of its own: other test files share the server.
  const redisUrl = withDatabase(REDIS_URL ?? '', 7)
  const masterKey = randomBytes(32).toString('hex')
  let context: AppContext
  let a: Instance
  let b: Instance
  let session: Session

  before(async () => {
    context = await openContext(
      testConfig(dataDir, {
        databaseUrl: DATABASE_URL!,
        databaseSchema: schema,
        redisUrl,
        masterKey,
      }),
    )
    await context.redis!.flushdb()
    await createUser(
      context.db,
      { username: 'rita', displayName: 'Rita', role: 'accountant' },
      PASSWORD,
    )
    const env = instanceEnv()
    // One after the other: the first creates the administrator.
    a = await startInstance('A', env)
    b = await startInstance('B', {
      ...env,
      TELEKOST_TEST_JOB_DELAY_MS: String(B_DELAY_MS),
    })
  })

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await context.redis?.flushdb().catch(() => {})
    await dropSchema(context.db, schema)
    await closeContext(context)
    rmSync(dataDir, { recursive: true, force: true })
  })

  function instanceEnv(): Record<string, string> {
    return {
      DATABASE_URL: DATABASE_URL!,
      TELEKOST_DATABASE_SCHEMA: schema,
      REDIS_URL: redisUrl,
      TELEKOST_MASTER_KEY: masterKey,
      TELEKOST_DATA_DIR: dataDir,
      TELEKOST_ORIGIN: ORIGIN,
      TELEKOST_ADMIN_PASSWORD: 'en lang nok passordfrase for admin',
      TELEKOST_CLAMSCAN: 'off',
      TELEKOST_RATE_SIGN_IN_PER_MINUTE: String(SIGN_IN_LIMIT),
      TELEKOST_JOB_LEASE_SECONDS: String(LEASE_SECONDS),
      TELEKOST_JOB_POLL_MS: '300',
      LOG_LEVEL: 'warn',
    }
  }

  async function signIn(on: Instance, username: string, password: string) {
    return fetch(`${on.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ username, password }).toString(),
    })
  }

  async function upload(on: Instance, name: string, bytes: Uint8Array) {
    const body = multipartFile(name, Buffer.from(bytes))
    const response = await fetch(`${on.url}/api/v1/invoices`, {
      method: 'POST',
      headers: {
        ...body.headers,
        origin: ORIGIN,
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
      },
      body: new Uint8Array(body.payload),
    })

    return { status: response.status, body: (await response.json()) as Reply }
  }

  it('accepts on B a session made on A', async () => {
    const response = await signIn(a, 'rita', PASSWORD)
    const id = sessionCookie(response)
    const stored = await context.sessions.find(hashSessionId(id))
    session = { cookie: `${SESSION_COOKIE}=${id}`, csrf: stored!.csrfToken }
    const page = await fetch(`${b.url}/invoices`, {
      headers: { cookie: session.cookie },
      redirect: 'manual',
    })

    assert.equal(page.status, 200)
  })

  it('counts sign-in attempts on both instances against one limit', async () => {
    const statuses: number[] = []
    for (let i = 0; i < SIGN_IN_LIMIT * 2; i++) {
      const response = await signIn(i % 2 ? b : a, 'nobody', 'feil passord')
      statuses.push(response.status)
    }
    // The session above was one sign-in against the same limit.
    const allowed = SIGN_IN_LIMIT - 1

    assert.ok(statuses.slice(0, allowed).every((s) => s !== 429))
    assert.deepEqual(
      statuses.slice(allowed),
      Array.from({ length: statuses.length - allowed }, () => 429),
    )
  })

  it('reads each of six invoices sent to both at once exactly once', async () => {
    const files = [1, 2, 3, 4, 5, 6].map((seed) => ({
      name: `faktura-${seed}.xml`,
      bytes: new TextEncoder().encode(
        renderEhf(makeInvoice({ subscriptions: 20, seed: 100 + seed })),
      ),
    }))
    const replies = await Promise.all(
      files.map((f, i) => upload(i % 2 ? b : a, f.name, f.bytes)),
    )
    const jobs = await listJobs(context.db)
    const invoices = await context.db
      .selectFrom('invoices')
      .select(['id', 'file_id'])
      .execute()

    assert.deepEqual(
      replies.map((r) => r.status),
      [201, 201, 201, 201, 201, 201],
      JSON.stringify(replies.map((r) => r.body)),
    )
    assert.equal(invoices.length, 6)
    assert.deepEqual(
      jobs.map((j) => [j.status, j.attempts]),
      Array.from({ length: 6 }, () => ['done', 1]),
    )
    assert.deepEqual(
      jobs.map((j) => j.invoiceId).sort(),
      replies.map((r) => r.body.id).sort(),
    )
  })

  it('loses no accepted upload when the instance reading it is killed', async () => {
    const before = new Set((await listJobs(context.db)).map((j) => j.id))
    const bytes = new TextEncoder().encode(
      renderEhf(makeInvoice({ subscriptions: 2_000, seed: 777 })),
    )
    const sent = upload(b, 'stor-faktura.xml', bytes).catch((err: Error) => err)
    const running = await until(async () => {
      const jobs = await listJobs(context.db)
      const job = jobs.find((j) => !before.has(j.id))
      return job?.status === 'running' ? job : null
    })
    assert.match(running.claimedBy ?? '', new RegExp(`:${b.child.pid}:`))
    b.child.kill('SIGKILL')
    assert.ok((await sent) instanceof Error, 'the request to B was cut off')

    const done = await until(async () => {
      const job = await findJob(context.db, running.id)
      return job?.status === 'done' ? job : null
    }, 30_000)
    const stored = await context.db
      .selectFrom('invoices')
      .select('id')
      .where('id', '=', done.invoiceId!)
      .execute()
    const all = await context.db.selectFrom('invoices').select('id').execute()

    assert.deepEqual(
      [done.attempts, done.claimedBy?.includes(`:${a.child.pid}:`)],
      [2, true],
    )
    assert.equal(stored.length, 1)
    assert.equal(all.length, 7)
  })

  async function until<T>(what: () => Promise<T | null>, ms = 20_000) {
    const deadline = Date.now() + ms
    for (;;) {
      const value = await what()
      if (value) return value
      if (Date.now() > deadline) {
        throw new Error(`timed out\nA:\n${a.output()}\nB:\n${b.output()}`)
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  }
})

interface Reply {
  id: string
  status: string
}

function sessionCookie(response: Response): string {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';')
    const [name, value] = pair.split('=')
    if (name === SESSION_COOKIE && value) return value
  }
  throw new Error(`sign-in failed: ${response.status}`)
}

function withDatabase(url: string, db: number): string {
  if (!url) return url
  const parsed = new URL(url)
  parsed.pathname = `/${db}`

  return parsed.toString()
}
