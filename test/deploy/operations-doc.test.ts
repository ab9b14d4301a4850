import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { repoRoot } from '../helpers/paths.js'

const config = readFileSync(join(repoRoot, 'src', 'config.ts'), 'utf8')
const doc = readFileSync(join(repoRoot, 'docs', 'operations.md'), 'utf8')

/** Every environment variable config.ts reads, by its `env['NAME']`. */
function settings(): string[] {
  const names = [...config.matchAll(/env\[['"]([A-Z0-9_]+)['"]\]/g)]

  return [...new Set(names.map((m) => m[1]!))].sort()
}

/** The names in the first column of the configuration table. */
function documented(): Set<string> {
  const rows = doc.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)

  return new Set([...rows].map((m) => m[1]!))
}

describe('docs/operations.md', () => {
  it('finds the settings in config.ts', () => {
    assert.ok(settings().length > 40)
  })

  it('has a row for every setting in config.ts', () => {
    const rows = documented()

    assert.deepEqual(
      settings().filter((name) => !rows.has(name)),
      [],
    )
  })

  it('documents no setting that config.ts does not read', () => {
    const read = new Set(settings())

    assert.deepEqual(
      [...documented()].filter((n) => !read.has(n)),
      [],
    )
  })

  it('covers deployment, backups, key rotation, upgrades and monitoring', () => {
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1])

    for (const heading of [
      'Deployment',
      'Configuration',
      'Backups and restore',
      'Key rotation',
      'Upgrades',
      'Monitoring',
      'When Redis is down',
    ]) {
      assert.ok(headings.includes(heading), heading)
    }
  })
})
