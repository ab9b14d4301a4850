#!/usr/bin/env node
// Runs every test: builds, installs what is missing (Chromium from Debian
// when run as root), starts the services the tests need on loopback in a
// temporary folder, runs node's test runner and stops the services after.
//
//   npm test                   everything
//   npm test -- ingest/pdf     only test files whose path contains this
//   npm test -- --no-browser   skip the browser tests
//   npm test -- --no-services  no browser, no Redis: only what needs neither

import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const args = process.argv.slice(2)
const noServices = args.includes('--no-services')
const noBrowser = args.includes('--no-browser') || noServices
const filters = args.filter((a) => !a.startsWith('--'))

run('npx', ['tsc', '-p', 'tsconfig.json'], 'build')

const files = findTests(join(root, 'dist', 'test')).filter(
  (f) =>
    (filters.length === 0 || filters.some((x) => f.includes(x))) &&
    !(noBrowser && f.includes('/e2e/')),
)
if (files.length === 0) {
  console.error('no test files match', filters.join(' '))
  process.exit(1)
}

const fixtures =
  process.env.TELEKOST_FIXTURES ?? join(root, '..', 'shared', 'fixtures')
if (!existsSync(join(fixtures, 'telia'))) {
  console.error(
    `The tests read the synthetic invoices in ${fixtures}, which is not ` +
      'there. Keep the checkout beside shared/, or set TELEKOST_FIXTURES ' +
      'to a copy of shared/fixtures.',
  )
  process.exit(1)
}

const env = { ...process.env }
if (files.some((f) => f.includes('/e2e/'))) {
  env.TELEKOST_CHROMIUM = ensureChromium()
}

const scratch = mkdtempSync(join(tmpdir(), 'telekost-services-'))
const services = []
const stopServices = () => {
  for (const stop of services) stop()
  rmSync(scratch, { recursive: true, force: true })
}
process.on('exit', stopServices)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(130))
}
const databases = [['SQLite', null]]
if (!noServices) {
  env.TELEKOST_TEST_REDIS_URL = await startRedis()
  databases.push(['PostgreSQL', await startPostgres()])
}

// The whole suite runs once per database; the run fails if either fails.
let failed = false
for (const [name, url] of databases) {
  console.log(`\n# the suite on ${name}\n`)
  const runEnv = { ...env }
  if (url) runEnv.TELEKOST_TEST_DATABASE_URL = url
  else delete runEnv.TELEKOST_TEST_DATABASE_URL
  const code = await runSuite(runEnv)
  if (code !== 0) {
    console.error(`\nthe suite failed on ${name}`)
    failed = true
  }
}
process.exit(failed ? 1 : 0)

function runSuite(runEnv) {
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--test',
      `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
      ...files.map((f) => relative(root, f)),
    ],
    { cwd: root, env: runEnv, stdio: 'inherit' },
  )

  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

function findTests(dir) {
  if (!existsSync(dir)) return []

  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return findTests(path)

    return name.endsWith('.test.js') ? [path] : []
  })
}

function ensureChromium() {
  const known = process.env.TELEKOST_CHROMIUM ?? '/usr/bin/chromium'
  if (existsSync(known)) return known
  if (process.getuid?.() !== 0) {
    console.error(
      "Chromium is missing: install Debian's chromium package, or run " +
        'with --no-browser',
    )
    process.exit(1)
  }
  console.error('installing Chromium from Debian for the browser tests…')
  run('apt-get', ['update', '-qq'], 'apt-get update')
  run('apt-get', ['install', '-y', '-qq', 'chromium'], 'install chromium', {
    DEBIAN_FRONTEND: 'noninteractive',
  })

  return known
}

/** Redis on a free loopback port, with a password, in the scratch folder. */
async function startRedis() {
  const binary = ensureDebianPackage('redis-server', '/usr/bin/redis-server')
  const port = await freePort()
  const password = randomBytes(16).toString('hex')
  const redis = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      password,
      '--dir',
      scratch,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  )
  services.push(() => redis.kill('SIGTERM'))
  await waitForPort(port, 'Redis')

  return `redis://:${password}@127.0.0.1:${port}`
}

/**
 * A throwaway PostgreSQL cluster on a free loopback port. As root it runs
 * as the postgres user, which Debian's package creates.
 */
async function startPostgres() {
  const bin = postgresBin()
  const dir = join(scratch, 'postgres')
  const password = randomBytes(16).toString('hex')
  const port = await freePort()
  const asPostgres = process.getuid?.() === 0
  mkdirSync(dir, { mode: 0o700 })
  writeFileSync(join(dir, 'pw'), password)
  if (asPostgres) run('chown', ['-R', 'postgres', scratch], 'chown')
  const pg = (tool, argv) => {
    const [cmd, args] = asPostgres
      ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...argv]]
      : [join(bin, tool), argv]
    run(cmd, args, `PostgreSQL ${tool}`, {}, 'ignore')
  }

  const data = join(dir, 'data')
  pg('initdb', [
    '-D',
    data,
    '-U',
    'telekost',
    '-A',
    'scram-sha-256',
    `--pwfile=${join(dir, 'pw')}`,
    '-E',
    'UTF8',
    '--no-sync',
  ])
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ')
  pg('pg_ctl', [
    '-D',
    data,
    '-o',
    settings,
    '-l',
    join(dir, 'log'),
    '-w',
    'start',
  ])
  services.push(() => pg('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']))

  return `postgres://telekost:${password}@127.0.0.1:${port}/postgres`
}

function postgresBin() {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) ensureDebianPackage('postgresql', `${base}`)
  const versions = readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
  if (versions.length === 0) {
    console.error('no PostgreSQL server found under /usr/lib/postgresql')
    process.exit(1)
  }

  return join(base, versions[0], 'bin')
}

function ensureDebianPackage(name, binary) {
  if (existsSync(binary)) return binary
  if (process.getuid?.() !== 0) {
    console.error(`${binary} is missing: install Debian's ${name} package`)
    process.exit(1)
  }
  console.error(`installing ${name} from Debian for the tests…`)
  run('apt-get', ['update', '-qq'], 'apt-get update')
  run('apt-get', ['install', '-y', '-qq', name], `install ${name}`, {
    DEBIAN_FRONTEND: 'noninteractive',
  })

  return binary
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function waitForPort(port, what) {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 100))
  }
  console.error(`${what} did not start on port ${port}`)
  process.exit(1)
}

function run(cmd, argv, what, extraEnv = {}, stdio = 'inherit') {
  const result = spawnSync(cmd, argv, {
    cwd: root,
    stdio,
    env: { ...process.env, ...extraEnv },
  })
  if (result.status !== 0) {
    console.error(`${what} failed`)
    process.exit(result.status ?? 1)
  }
}
