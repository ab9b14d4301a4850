import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createUser } from '../../src/security/accounts.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import { buildTestApp, postSignIn, TEST_PASSWORD } from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'
import { freePort } from '../instances/instance.js'
import { cookieOf, postSignInForm } from './helpers-accounts.js'

const hasRedis = spawnSync('redis-server', ['--version']).status === 0
const skip = hasRedis ? false : 'redis-server is not installed'

/**
 * A Redis of this test's own, stopped and started again while the app
 * runs: what users see while it is away, and that the app recovers.
 */
describe('when Redis stops while the app runs', { skip }, () => {
  const password = randomBytes(12).toString('hex')
  let port: number
  let redis: ChildProcess
  let t: TestApp
  let cookie: string

  before(async () => {
    port = await freePort()
    redis = await startRedis(port, password)
    t = await buildTestApp({
      redisUrl: `redis://:${password}@127.0.0.1:${port}`,
    })
    await createUser(
      t.context.db,
      { username: 'rita', displayName: 'Rita', role: 'accountant' },
      TEST_PASSWORD,
    )
    cookie = `${SESSION_COOKIE}=${await postSignIn(t.app, 'rita', TEST_PASSWORD)}`
    await stopRedis(port, password, redis)
  })
  after(async () => {
    await t.close()
    if (redis.exitCode === null) await stopRedis(port, password, redis)
  })

  it('refuses sign-in with 503 rather than signing in unthrottled', async () => {
    const response = await postSignInForm(t, 'rita', TEST_PASSWORD)

    assert.equal(response.statusCode, 503)
    assert.match(response.body, /midlertidig utilgjengelig/)
    assert.equal(cookieOf(response, SESSION_COOKIE), undefined)
  })

  it('answers a signed-in page with 503 and a clear message', async () => {
    const response = await t.app.inject({
      url: '/invoices',
      headers: { cookie },
    })

    assert.equal(response.statusCode, 503)
    assert.match(response.body, /midlertidig utilgjengelig/)
  })

  it('answers /api/ready with 503 naming Redis, while /api/health lives', async () => {
    const ready = await t.app.inject({ url: '/api/ready' })
    const health = await t.app.inject({ url: '/api/health' })

    assert.deepEqual(
      [ready.statusCode, (ready.json() as { redis: string }).redis],
      [503, 'down'],
    )
    assert.equal(health.statusCode, 200)
  })

  it('works again once Redis is back, without a restart', async () => {
    redis = await startRedis(port, password)
    await untilReady(t)
    // Redis kept nothing on disk, so the old session is gone: sign in anew.
    const id = await postSignIn(t.app, 'rita', TEST_PASSWORD)
    const page = await t.app.inject({
      url: '/invoices',
      headers: { cookie: `${SESSION_COOKIE}=${id}` },
    })

    assert.equal(page.statusCode, 200)
  })
})

async function startRedis(port: number, password: string) {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      password,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  )
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (cli(port, password, 'ping').stdout.includes('PONG')) return child
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  throw new Error('redis-server did not start')
}

async function stopRedis(port: number, password: string, child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  cli(port, password, 'shutdown', 'nosave')
  await exited
}

function cli(port: number, password: string, ...command: string[]) {
  return spawnSync(
    'redis-cli',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '--no-auth-warning',
      '-a',
      password,
      ...command,
    ],
    { encoding: 'utf8' },
  )
}

async function untilReady(t: TestApp): Promise<void> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const ready = await t.app.inject({ url: '/api/ready' })
    if (ready.statusCode === 200) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the app did not see Redis come back')
}
