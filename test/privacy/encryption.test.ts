import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import SQLite from 'better-sqlite3'
import { migrateToLatest, openSqlite } from '../../src/store/db.js'
import { insertEmployee } from '../../src/store/register.js'

const KEY = 'en hemmelig databasenøkkel for testen'

describe('the encrypted SQLite file', () => {
  let dir: string
  let file: string

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telekost-cipher-'))
    file = join(dir, 'telekost.sqlite')
    const db = openSqlite(file, KEY)
    await migrateToLatest(db)
    await insertEmployee(db, {
      employeeNo: '77',
      name: 'Synnøve Krypteringsdatter',
      email: null,
      department: null,
      costCentre: null,
      endDate: null,
    })
    await db.destroy()
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('holds no plaintext name', async () => {
    const bytes = Buffer.concat([
      await readFile(file),
      await readFile(`${file}-wal`).catch(() => Buffer.alloc(0)),
    ])

    assert.equal(bytes.includes('Krypteringsdatter'), false)
    assert.equal(bytes.includes('SQLite format 3'), false)
  })

  it('cannot be read without the key', () => {
    const plain = new SQLite(file)

    assert.throws(() => plain.prepare('select * from employees').all())
    plain.close()
  })

  it('cannot be opened with a wrong key', () => {
    assert.throws(() => openSqlite(file, 'feil nøkkel'))
  })

  it('reads back with the key', async () => {
    const db = openSqlite(file, KEY)
    const rows = await db.selectFrom('employees').select('name').execute()
    await db.destroy()

    assert.deepEqual(rows, [{ name: 'Synnøve Krypteringsdatter' }])
  })
})
