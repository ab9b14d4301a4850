import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { migrateToLatest, openSqlite } from '../../src/store/db.js'

describe('the embedded database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'telekost-perm-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('is readable by its owner only, and so is its folder', async () => {
    const file = join(dir, 'data', 'telekost.sqlite')
    const db = openSqlite(file)
    await migrateToLatest(db)
    const walMode = statSync(`${file}-wal`).mode & 0o777
    await db.destroy()

    assert.equal(statSync(join(dir, 'data')).mode & 0o777, 0o700)
    assert.equal(statSync(file).mode & 0o777, 0o600)
    assert.equal(walMode, 0o600)
  })
})
