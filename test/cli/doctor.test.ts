import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { ChecklistItem } from '../../src/security/doctor.js'
import { repoRoot } from '../helpers/paths.js'
import {
  bareProductionEnv,
  fullProductionEnv,
  NO_REDIS,
  NO_SAFE_DEFAULT,
  scratch,
} from '../security/doctor-env.js'
import type { Scratch } from '../security/doctor-env.js'

const cli = join(repoRoot, 'bin', 'telekost.js')

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI with only the given settings in its environment. */
function telekost(env: Record<string, string>, ...args: string[]) {
  return new Promise<Run>((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      {
        cwd: repoRoot,
        env: { PATH: process.env['PATH'] ?? '', ...env },
        timeout: 30_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

function withoutProduction(env: Record<string, string>) {
  const rest = { ...env }
  delete rest['NODE_ENV']

  return rest
}

describe('telekost doctor', () => {
  let s: Scratch
  beforeEach(() => {
    s = scratch()
  })
  afterEach(() => s.close())

  it('exits 0 with only ✓ in development with nothing set', async () => {
    const run = await telekost({ TELEKOST_DATA_DIR: s.dataDir }, 'doctor')

    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.match(run.stdout, /✓/)
    assert.doesNotMatch(run.stdout, /✗/)
  })

  it('checks as production with --production and exits 1', async () => {
    const env = withoutProduction(bareProductionEnv(s))
    const run = await telekost(env, 'doctor', '--production', '--json')
    const report = JSON.parse(run.stdout) as {
      production: boolean
      items: ChecklistItem[]
    }
    const failed = report.items.filter((i) => !i.ok).map((i) => i.id)

    assert.equal(run.code, 1)
    assert.equal(report.production, true)
    for (const id of NO_SAFE_DEFAULT) assert.ok(failed.includes(id), id)
  })

  it('prints a ✗ and a fix for each missing measure', async () => {
    const run = await telekost(bareProductionEnv(s), 'doctor')
    const crosses = run.stdout.split('\n').filter((l) => l.startsWith('✗'))
    const fixes = run.stdout
      .split('\n')
      .filter((l) => /^\s+Gjør dette:/.test(l))

    assert.equal(run.code, 1)
    assert.ok(crosses.length >= NO_SAFE_DEFAULT.length, run.stdout)
    assert.equal(fixes.length, crosses.length)
  })

  it(
    'exits 0 in production when everything is set',
    { skip: NO_REDIS },
    async () => {
      const run = await telekost(fullProductionEnv(s), 'doctor')

      assert.equal(run.code, 0, run.stdout)
      assert.doesNotMatch(run.stdout, /✗/)
    },
  )
})

describe('telekost serve in production', () => {
  let s: Scratch
  beforeEach(() => {
    s = scratch()
  })
  afterEach(() => s.close())

  it('refuses to start and lists every missing measure', async () => {
    const run = await telekost(bareProductionEnv(s), 'serve')
    const crosses = run.stderr.split('\n').filter((l) => l.startsWith('✗'))

    assert.equal(run.code, 1, run.stderr)
    assert.match(run.stderr, /starter ikke i produksjon/)
    assert.ok(crosses.length >= NO_SAFE_DEFAULT.length, run.stderr)
  })
})
