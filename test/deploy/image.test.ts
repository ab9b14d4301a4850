import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { repoRoot } from '../helpers/paths.js'

/**
 * The image's start command and health check, run as the container runs
 * them: the files the Dockerfile copies, production dependencies only, a
 * read-only code folder, an unprivileged user and settings from the
 * environment alone, against the test PostgreSQL and Redis.
 *
 * `npm ci --omit=dev` would need the registry on every run, so the
 * production packages are copied from this checkout's node_modules
 * instead: the lock file's entries not marked `dev`, which is the set
 * `npm ci --omit=dev` installs.
 */
const databaseUrl = process.env['TELEKOST_TEST_DATABASE_URL']
const redisUrl = process.env['TELEKOST_TEST_REDIS_URL']
const NOBODY = 65534
const RUNUSER = '/usr/sbin/runuser'
const PATH = `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`
const skip =
  process.getuid?.() !== 0
    ? 'runs the server as nobody, which needs root'
    : !databaseUrl || !redisUrl
      ? 'needs the test PostgreSQL and Redis (npm test starts them)'
      : false

/** What the Dockerfile's runtime stage copies into /app. */
const IMAGE_FILES = [
  'package.json',
  'package-lock.json',
  'bin',
  'privacy',
  'dist/src',
  'src/web/assets',
  'src/security/common-passwords.txt',
  'deploy/entrypoint.sh',
  'deploy/healthcheck.mjs',
]

describe('the production image, run as the container would', { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), 'telekost-image-'))
  const app = join(root, 'app')
  const schema = `image_${randomBytes(6).toString('hex')}`
  let port = 0
  let server: ChildProcess
  let output = ''

  before(async () => {
    chmodSync(root, 0o755)
    buildImageFolder(app)
    port = await freePort()
    server = spawnAsNobody(['deploy/entrypoint.sh', 'serve'], env())
    server.stdout!.on('data', (b: Buffer) => (output += b.toString()))
    server.stderr!.on('data', (b: Buffer) => (output += b.toString()))
    await waitForHealth()
  })
  after(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL')
    spawnSync('chmod', ['-R', 'u+w', root])
    rmSync(root, { recursive: true, force: true })
    await dropSchema(schema)
  })

  function env(): Record<string, string> {
    const state = join(root, 'state')
    for (const dir of ['data', 'logs', 'secrets']) {
      mkdirSync(join(state, dir), { recursive: true, mode: 0o700 })
      chownSync(join(state, dir), NOBODY, NOBODY)
    }
    chmodSync(state, 0o755)
    const keyFile = join(state, 'secrets', 'master_key')
    writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o400 })
    chownSync(keyFile, NOBODY, NOBODY)

    return {
      PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      TELEKOST_ORIGIN: 'https://telekost.example.no',
      TELEKOST_DATA_DIR: join(state, 'data'),
      TELEKOST_SECURITY_LOG: join(state, 'logs', 'security.log'),
      TELEKOST_TRUSTED_PROXIES: '127.0.0.1/32',
      DATABASE_URL: databaseUrl!,
      TELEKOST_DATABASE_SCHEMA: schema,
      REDIS_URL: redisUrl!,
      TELEKOST_MASTER_KEY_FILE: keyFile,
      TELEKOST_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/alerts',
      TELEKOST_CLAMSCAN: 'off',
    }
  }

  function spawnAsNobody(args: string[], environment: Record<string, string>) {
    return spawn(RUNUSER, ['-u', 'nobody', '--', ...args], {
      cwd: app,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  }

  function healthCheck(checkPort = port): number | null {
    const result = spawnSync(
      RUNUSER,
      ['-u', 'nobody', '--', process.execPath, 'deploy/healthcheck.mjs'],
      { cwd: app, env: { PATH, PORT: String(checkPort) } },
    )

    return result.status
  }

  async function waitForHealth(): Promise<void> {
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (server.exitCode !== null) break
      if (healthCheck() === 0) return
      await new Promise((r) => setTimeout(r, 500))
    }
    throw new Error(`the server did not become healthy:\n${output}`)
  }

  it('passes its health check as the unprivileged user', () => {
    assert.equal(healthCheck(), 0)
  })

  it('answers /api/health with ok', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`)

    assert.deepEqual(
      { status: response.status, body: await response.json() },
      { status: 200, body: { status: 'ok' } },
    )
  })

  it('fails its health check when nothing answers', async () => {
    assert.equal(healthCheck(await freePort()), 1)
  })

  it('cannot write into its own code folder', () => {
    const result = spawnSync(
      RUNUSER,
      ['-u', 'nobody', '--', 'touch', join(app, 'dist', 'planted.js')],
      { cwd: app },
    )

    assert.notEqual(result.status, 0)
  })

  it('runs production dependencies only', () => {
    const lock = JSON.parse(
      readFileSync(join(app, 'package-lock.json'), 'utf8'),
    )
    const devOnly = Object.keys(lock.packages).filter(
      (k: string) => lock.packages[k].dev && isTopLevel(k),
    )

    assert.ok(devOnly.length > 0)
    assert.deepEqual(
      devOnly.filter((k: string) => exists(join(app, k))),
      [],
    )
  })

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) =>
      server.once('exit', (code) => resolve(code)),
    )
    // In the container node is the first process and gets the signal;
    // here it is runuser's child.
    const node = spawnSync('pgrep', ['-P', String(server.pid)])
    process.kill(Number(node.stdout.toString().trim()), 'SIGTERM')

    assert.equal(await exited, 0)
  })
})

function buildImageFolder(app: string): void {
  for (const path of IMAGE_FILES) {
    cpSync(join(repoRoot, path), join(app, path), { recursive: true })
  }
  const lock = JSON.parse(
    readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'),
  ) as { packages: Record<string, { dev?: boolean; optional?: boolean }> }
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!isTopLevel(path) || entry.dev) continue
    // Optional packages for other platforms are not installed here either.
    if (entry.optional && !exists(join(repoRoot, path))) continue
    cpSync(join(repoRoot, path), join(app, path), {
      recursive: true,
      verbatimSymlinks: true,
    })
  }
  spawnSync('chmod', ['-R', 'a-w', app])
}

function isTopLevel(path: string): boolean {
  return (
    path.startsWith('node_modules/') &&
    !path.slice('node_modules/'.length).includes('/node_modules/')
  )
}

function exists(path: string): boolean {
  try {
    readFileSync(join(path, 'package.json'))
    return true
  } catch {
    return false
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

async function dropSchema(schema: string): Promise<void> {
  if (!databaseUrl) return
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  await client.query(`drop schema if exists ${schema} cascade`)
  await client.end()
}
