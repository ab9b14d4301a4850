import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Migrator } from 'kysely'
import { migrateToLatest, openSqlite } from '../../src/store/db.js'
import * as initial from '../../src/store/migrations/0001-initial.js'

describe('migrations', () => {
  it('build the schema on an empty database', async () => {
    const db = openSqlite(':memory:')
    await migrateToLatest(db)
    const tables = await db.introspection.getTables()

    assert.ok(tables.some((t) => t.name === 'invoices'))
    await db.destroy()
  })

  it('run twice without harm', async () => {
    const db = openSqlite(':memory:')
    await migrateToLatest(db)
    await migrateToLatest(db)

    const users = await db.selectFrom('users').selectAll().execute()
    assert.equal(users.length, 0)
    await db.destroy()
  })

  it('go down and up again', async () => {
    const db = openSqlite(':memory:')
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => ({ '0001-initial': initial }) },
    })
    await migrator.migrateToLatest()
    const down = await migrator.migrateDown()
    const up = await migrator.migrateToLatest()

    assert.equal(down.error, undefined)
    assert.equal(up.error, undefined)
    await db.destroy()
  })
})
