import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, whether the test runs from `test/` or `dist/test/`. */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)))

/** The shared fixtures, or a copy named by TELEKOST_FIXTURES. */
export const fixturesDir =
  process.env['TELEKOST_FIXTURES'] ??
  resolve(repoRoot, '..', 'shared', 'fixtures')

export const teliaMonths = ['2026-10', '2026-11'] as const

export function fixture(...parts: string[]): string {
  return join(fixturesDir, ...parts)
}

function findRepoRoot(from: string): string {
  let dir = from
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${from}`)
    dir = parent
  }

  return dir
}
