#!/usr/bin/env node
// `npm run bench`: builds, then times reading a 2,000-subscription invoice
// as PDF, XLSX and EHF against reference tools (see test/bench/bench.ts).
// Figures go to the terminal and to bench-out/results.json.

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const bench = join(root, 'dist', 'test', 'bench', 'bench.js')

const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], {
  cwd: root,
  stdio: 'inherit',
})
// tsc still emits when other parts of the tree have type errors; the bench
// runs on what was built and says which readers are missing.
if (build.status !== 0) {
  console.error(
    'the build reported errors; running the bench on what was built',
  )
}
if (!existsSync(bench)) {
  console.error('the bench was not built: dist/test/bench/bench.js is missing')
  process.exit(1)
}

const run = spawnSync(process.execPath, ['--enable-source-maps', bench], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(run.status ?? 1)
