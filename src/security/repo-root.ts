import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The repository root, from `src/` or a `dist/` build alike, so files that
 * ship beside the code (assets, word lists) are found from either.
 */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)))

function findRepoRoot(from: string): string {
  let dir = from
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${from}`)
    dir = parent
  }

  return dir
}
