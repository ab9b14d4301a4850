import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { eraseSubject } from '../../src/privacy/erasure.js'
import { registerRequest } from '../../src/privacy/requests.js'
import { rectifyEmployee } from '../../src/privacy/requests-rectification.js'
import { exportSubjectData } from '../../src/privacy/subject-export.js'
import { verifyAuditChain } from '../../src/privacy/audit.js'
import { createUser } from '../../src/security/accounts.js'
import type { Db } from '../../src/store/db.js'
import { listExports } from '../../src/store/requests.js'
import { freshContext } from '../helpers/context.js'
import { buildWorld, KARI, MOVED, OFFICER, OLA } from './requests-world.js'
import type { World } from './requests-world.js'

const OLD_EMAIL = 'kari.gammel@firma.no'
const TRACES = [
  KARI.name,
  'Nordmann',
  KARI.email,
  OLD_EMAIL,
  KARI.own,
  '4791234567',
  '91234567',
  '912 34 567',
  '91 23 45 67',
]

/** Every text value of every row of every table, as `table.column`. */
async function everyText(db: Db): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = []
  for (const table of await db.introspection.getTables()) {
    const rows = (await db
      .selectFrom(table.name as never)
      .selectAll()
      .execute()) as Array<Record<string, unknown>>
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string')
          out.push([`${table.name}.${column}`, value])
      }
    }
  }

  return out
}

describe('erasure', () => {
  let context: Awaited<ReturnType<typeof freshContext>>
  let world: World
  let keepUntil: string | null

  before(async () => {
    context = await freshContext()
    world = await buildWorld(context)
    const user = await createUser(
      context.db,
      { username: KARI.email, displayName: KARI.name, role: 'accountant' },
      'et langt passord for testen',
    )
    const at = new Date().toISOString()
    await context.db
      .insertInto('sessions')
      .values({
        id_hash: 'a'.repeat(64),
        user_id: user.id,
        csrf_token: 'x',
        created_at: at,
        last_seen_at: at,
        expires_at: '2099-01-01T00:00:00.000Z',
        ip: null,
        user_agent: null,
      })
      .execute()
    await rectifyEmployee(
      context,
      OFFICER,
      world.kari,
      {
        employeeNo: '1001',
        name: KARI.name,
        email: KARI.email,
        department: 'Salg',
        costCentre: 'K100',
        endDate: null,
      },
      'Ny e-postadresse',
    )
    const made = await registerRequest(context, OFFICER, {
      type: 'erasure',
      employeeId: world.kari,
      receivedOn: '2026-11-02',
      notes: `Fra ${KARI.name}, ${KARI.email}, tlf 912 34 567`,
    })
    assert.ok(made.ok)
    await exportSubjectData(context, OFFICER, made.request)
    const report = await eraseSubject(
      context,
      OFFICER,
      world.kari,
      made.request,
    )
    keepUntil = report!.keepUntil
  })
  after(() => context.close())

  it('leaves no trace of the name, e-mail or number in any row', async () => {
    const found = (await everyText(context.db)).filter(([, v]) =>
      TRACES.some((t) => v.toLowerCase().includes(t.toLowerCase())),
    )

    assert.deepEqual(found, [])
  })

  it('leaves no stored export and no session', async () => {
    const exports = await listExports(context.db, { employeeId: world.kari })
    const sessions = await context.db
      .selectFrom('sessions')
      .selectAll()
      .execute()

    assert.deepEqual([exports.length, sessions.length], [0, 0])
  })

  it('leaves no file in the vault that holds the person', async () => {
    const dir = join(context.config.dataDir, 'files')
    const files = await readdir(dir, { recursive: true }).catch(() => [])
    const blobs: Buffer[] = []
    for (const f of files) {
      const bytes = await readFile(join(dir, f)).catch(() => null)
      if (bytes) blobs.push(bytes)
    }

    assert.equal(blobs.length, 0)
  })

  it('keeps the lines the accounting law requires, under a pseudonym', async () => {
    const allocations = await context.db
      .selectFrom('allocations')
      .innerJoin('employees', 'employees.id', 'allocations.employee_id')
      .select(['employees.name', 'allocations.ex_vat_ore'])
      .where('allocations.employee_id', '=', world.kari)
      .execute()

    assert.equal(allocations.length, 3)
    assert.match(allocations[0]!.name, /^Person-[0-9a-f]{8}$/)
  })

  it('records the date the kept lines can go', () => {
    assert.equal(keepUntil, '2031-12-31')
  })

  it('leaves the other person and the moved number untouched', async () => {
    const rows = await context.db
      .selectFrom('subscriptions')
      .select(['phone', 'user_name'])
      .where('phone', '=', MOVED)
      .execute()

    assert.ok(rows.some((r) => r.user_name === OLA.name))
  })

  it('keeps the audit chain whole', async () => {
    assert.equal((await verifyAuditChain(context.db)).ok, true)
  })
})
