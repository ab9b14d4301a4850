#!/usr/bin/env node
// Runs every test: builds, installs what is missing (Chromium from Debian
// when run as root), starts the services the tests need on loopback in a
// temporary folder, runs node's test runner and stops the services after.
//
//   npm test                   everything
//   npm test -- ingest/pdf     only test files whose path contains this
//   npm test -- --no-browser   skip the browser tests

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const args = process.argv.slice(2)
const noBrowser =
  args.includes('--no-browser') || args.includes('--no-services')
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

const env = { ...process.env }
if (files.some((f) => f.includes('/e2e/'))) {
  env.TELEKOST_CHROMIUM = ensureChromium()
}

const child = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    ...files.map((f) => relative(root, f)),
  ],
  { cwd: root, env, stdio: 'inherit' },
)
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))

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

function run(cmd, argv, what, extraEnv = {}) {
  const result = spawnSync(cmd, argv, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  })
  if (result.status !== 0) {
    console.error(`${what} failed`)
    process.exit(result.status ?? 1)
  }
}
