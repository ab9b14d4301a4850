// The load test: two instances on one PostgreSQL and one Redis on
// loopback, 100 signed-in users browsing invoices and 5 uploading at once
// for a bounded time. Prints requests per second, p99 latency and errors;
// exits 1 on any error. Not part of `npm test`: `npm run load`.
//
//   TELEKOST_TEST_DATABASE_URL=postgres://… npm run load
//   LOAD_SECONDS=30 LOAD_USERS=100 LOAD_UPLOADERS=5 (the defaults)
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testConfig } from '../../src/config.js'
import { createUser } from '../../src/security/accounts.js'
import { hashSessionId, SESSION_COOKIE } from '../../src/security/sessions.js'
import { closeContext, openContext } from '../../src/services/context.js'
import type { AppContext } from '../../src/services/context.js'
import { processUpload } from '../../src/services/invoices.js'
import { importRegisterFile } from '../../src/services/register.js'
import { listInvoices } from '../../src/store/invoices.js'
import { dropSchema } from '../../src/store/postgres.js'
import { multipartFile } from '../helpers/app.js'
import { fixture, teliaMonths } from '../helpers/paths.js'
import { freePort, startInstance } from '../instances/instance.js'
import type { Instance } from '../instances/instance.js'

interface CannonResult {
  requests: { average: number; total: number }
  latency: { p99: number; average: number }
  non2xx: number
  errors: number
  timeouts: number
  duration: number
}
interface CannonRequest {
  headers?: Record<string, string>
}
type Autocannon = (options: Record<string, unknown>) => Promise<CannonResult>

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon
const ORIGIN = 'https://telekost.example.no'
const PASSWORD = 'lasttest med en lang nok frase'
const SECONDS = Number(process.env['LOAD_SECONDS'] ?? 30)
const USERS = Number(process.env['LOAD_USERS'] ?? 100)
const UPLOADERS = Number(process.env['LOAD_UPLOADERS'] ?? 5)
const DATABASE_URL =
  process.env['TELEKOST_LOAD_DATABASE_URL'] ??
  process.env['TELEKOST_TEST_DATABASE_URL']

interface Session {
  cookie: string
  csrf: string
}

async function main(): Promise<number> {
  if (!DATABASE_URL) {
    console.error('set TELEKOST_TEST_DATABASE_URL to a PostgreSQL on loopback')
    return 2
  }
  const redis = await startRedis()
  const dataDir = mkdtempSync(join(tmpdir(), 'telekost-load-'))
  const schema = `load_${randomBytes(6).toString('hex')}`
  const masterKey = randomBytes(32).toString('hex')
  const context = await openContext(
    testConfig(dataDir, {
      databaseUrl: DATABASE_URL,
      databaseSchema: schema,
      redisUrl: redis.url,
      masterKey,
    }),
  )
  const instances: Instance[] = []
  try {
    await loadInvoices(context)
    const env = instanceEnv(schema, redis.url, masterKey, dataDir)
    instances.push(await startInstance('A', env))
    instances.push(await startInstance('B', env))
    const sessions = await signInUsers(context, instances)
    const invoiceIds = (await listInvoices(context.db)).map((i) => i.id)

    return await run(instances, sessions, invoiceIds)
  } finally {
    await Promise.all(instances.map((i) => i.stop()))
    await dropSchema(context.db, schema)
    await closeContext(context)
    redis.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * Every simulated user signs in from 127.0.0.1, which the production
 * limits stop after 10 sign-ins a minute; the limits are raised for these
 * two instances only, so the test measures the app, not the limiter.
 */
function instanceEnv(
  schema: string,
  redisUrl: string,
  masterKey: string,
  dataDir: string,
): Record<string, string> {
  return {
    DATABASE_URL: DATABASE_URL!,
    TELEKOST_DATABASE_SCHEMA: schema,
    REDIS_URL: redisUrl,
    TELEKOST_MASTER_KEY: masterKey,
    TELEKOST_DATA_DIR: dataDir,
    TELEKOST_ORIGIN: ORIGIN,
    TELEKOST_ADMIN_PASSWORD: 'en lang nok passordfrase for admin',
    TELEKOST_CLAMSCAN: 'off',
    TELEKOST_RATE_SIGN_IN_PER_MINUTE: '100000',
    TELEKOST_RATE_UPLOADS_PER_HOUR: '100000',
    TELEKOST_RATE_UPLOADS_PER_DAY: '100000',
    LOG_LEVEL: 'warn',
  }
}

async function loadInvoices(context: AppContext): Promise<void> {
  for (const file of ['kostnadssteder.csv', 'ansatte.csv']) {
    const bytes = new Uint8Array(readFileSync(fixture('register', file)))
    const outcome = await importRegisterFile(context, { filename: file, bytes })
    if (!outcome.ok) throw new Error(`register ${file} did not load`)
  }
  for (const month of teliaMonths) {
    const outcome = await processUpload(context, {
      filename: 'invoice-ehf.xml',
      bytes: new Uint8Array(
        readFileSync(fixture('telia', month, 'invoice-ehf.xml')),
      ),
      userId: null,
    })
    if (!outcome.ok) throw new Error(`invoice ${month} did not load`)
  }
}

/** Accountants, signed in through the form, half on each instance. */
async function signInUsers(
  context: AppContext,
  instances: Instance[],
): Promise<Session[][]> {
  const perInstance: Session[][] = instances.map(() => [])
  for (let i = 0; i < USERS; i++) {
    const username = `last${i}`
    await createUser(
      context.db,
      { username, displayName: `Last ${i}`, role: 'accountant' },
      PASSWORD,
    )
    const on = i % instances.length
    perInstance[on]!.push(await signIn(context, instances[on]!, username))
  }

  return perInstance
}

async function signIn(
  context: AppContext,
  instance: Instance,
  username: string,
): Promise<Session> {
  const response = await fetch(`${instance.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: ORIGIN,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ username, password: PASSWORD }).toString(),
  })
  const id = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!.split('='))
    .find(([name]) => name === SESSION_COOKIE)?.[1]
  if (!id) throw new Error(`sign-in failed: ${response.status}`)
  const session = await context.sessions.find(hashSessionId(id))

  return { cookie: `${SESSION_COOKIE}=${id}`, csrf: session!.csrfToken }
}

async function run(
  instances: Instance[],
  sessions: Session[][],
  invoiceIds: string[],
): Promise<number> {
  await checkPaths(instances[0]!, sessions[0]![0]!, browsePaths(invoiceIds))
  const until = Date.now() + SECONDS * 1000
  const uploads = uploadWhile(instances, sessions, until)
  const browsing = await Promise.all(
    instances.map((instance, i) => browse(instance, sessions[i]!, invoiceIds)),
  )
  const uploaded = await uploads

  return report(instances, browsing, uploaded)
}

function browsePaths(invoiceIds: string[]): string[] {
  return ['/invoices', ...invoiceIds.map((id) => `/invoices/${id}`)]
}

/** Every page browsed answers 200 before the load starts. */
async function checkPaths(
  instance: Instance,
  session: Session,
  paths: string[],
) {
  for (const path of paths) {
    const response = await fetch(`${instance.url}${path}`, {
      headers: { cookie: session.cookie },
      redirect: 'manual',
    })
    await response.arrayBuffer()
    if (response.status !== 200) {
      throw new Error(`${path} answers ${response.status}, not 200`)
    }
  }
}

/** Each connection is one signed-in user, clicking through invoices. */
function browse(
  instance: Instance,
  sessions: Session[],
  invoiceIds: string[],
): Promise<CannonResult> {
  let next = 0
  const paths = browsePaths(invoiceIds)

  return autocannon({
    url: instance.url,
    connections: sessions.length,
    duration: SECONDS,
    timeout: 10,
    // Each connection keeps its user in its context across requests.
    requests: paths.map((path) => ({
      method: 'GET',
      path,
      setupRequest(request: CannonRequest, context: { cookie?: string }) {
        context.cookie ??= sessions[next++ % sessions.length]!.cookie
        return {
          ...request,
          headers: { ...request.headers, cookie: context.cookie },
        }
      },
    })),
  })
}

interface UploadTally {
  accepted: number
  failed: string[]
  latenciesMs: number[]
}

/** Uploaders send new invoices, one after the other, until the time is up. */
async function uploadWhile(
  instances: Instance[],
  sessions: Session[][],
  until: number,
): Promise<UploadTally> {
  const tally: UploadTally = { accepted: 0, failed: [], latenciesMs: [] }
  const template = readFileSync(
    fixture('telia', '2026-11', 'invoice-ehf.xml'),
    'utf8',
  )
  const number = /<cbc:ID>([^<]+)<\/cbc:ID>/.exec(template)![1]!
  let sequence = 0
  const uploader = async (u: number) => {
    const on = u % instances.length
    const mine = sessions[on]!
    const session = mine[Math.floor(u / instances.length) % mine.length]!
    while (Date.now() < until) {
      const unique = `LOAD${Date.now()}${sequence++}`
      const bytes = Buffer.from(template.replaceAll(number, unique))
      const started = performance.now()
      const status = await upload(instances[on]!, session, bytes)
      tally.latenciesMs.push(performance.now() - started)
      if (status === 201 || status === 202) tally.accepted++
      else tally.failed.push(`${status}`)
    }
  }
  await Promise.all(Array.from({ length: UPLOADERS }, (_, u) => uploader(u)))

  return tally
}

async function upload(
  instance: Instance,
  session: Session,
  bytes: Buffer,
): Promise<number> {
  const body = multipartFile('faktura.xml', bytes)
  try {
    const response = await fetch(`${instance.url}/api/v1/invoices`, {
      method: 'POST',
      headers: {
        ...body.headers,
        origin: ORIGIN,
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
      },
      body: new Uint8Array(body.payload),
    })
    await response.arrayBuffer()
    return response.status
  } catch {
    return 0
  }
}

function report(
  instances: Instance[],
  browsing: CannonResult[],
  uploads: UploadTally,
): number {
  const rows = browsing.map((r, i) => ({
    instance: instances[i]!.name,
    'requests/s': Math.round(r.requests.average),
    requests: r.requests.total,
    'p99 ms': r.latency.p99,
    'mean ms': Math.round(r.latency.average),
    errors: r.non2xx + r.errors + r.timeouts,
  }))
  console.table(rows)
  const total = rows.reduce((s, r) => s + r['requests/s'], 0)
  const p99 = Math.max(...rows.map((r) => r['p99 ms']))
  const errors = rows.reduce((s, r) => s + r.errors, 0)
  const uploadP99 = percentile(uploads.latenciesMs, 0.99)
  console.log(
    `browsing: ${USERS} users, ${SECONDS} s, ${total} requests/s, ` +
      `p99 ${p99} ms, ${errors} errors`,
  )
  console.log(
    `uploads: ${UPLOADERS} at once, ${uploads.accepted} accepted, ` +
      `p99 ${Math.round(uploadP99)} ms, ${uploads.failed.length} errors` +
      (uploads.failed.length ? ` (${uploads.failed.join(', ')})` : ''),
  )
  const failed = errors > 0 || uploads.failed.length > 0
  console.log(failed ? 'FAIL: errors under load' : 'PASS: no errors')

  return failed ? 1 : 0
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)

  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

/** A Redis with a password on a free loopback port, for this run only. */
async function startRedis(): Promise<{ url: string; stop(): void }> {
  const port = await freePort()
  const password = randomBytes(16).toString('hex')
  const dir = mkdtempSync(join(tmpdir(), 'telekost-load-redis-'))
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      password,
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  )
  await new Promise((r) => setTimeout(r, 300))

  return {
    url: `redis://:${password}@127.0.0.1:${port}`,
    stop() {
      child.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err)
    process.exit(2)
  },
)
