import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { registerIncident } from '../../src/privacy/incidents.js'
import type { AuditActor } from '../../src/privacy/audit.js'
import { registerRequest } from '../../src/privacy/requests.js'
import { processUpload } from '../../src/services/invoices.js'
import { importRegisterFile } from '../../src/services/register.js'
import type { AppContext } from '../../src/services/context.js'
import { saveLayoutProfile } from '../../src/store/profiles.js'
import { REPORTS } from '../../src/web/routes/exports.js'
import { buildTestApp, multipartFile } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { fixture } from '../helpers/paths.js'

/** Tables that record reads on purpose: who looked, and when. */
const RECORDS_READS = new Set([
  'sessions',
  'audit_log',
  'audit_anchor',
  'security_events',
])

/** The table whose first row fills a route's `:id`, by the route's start. */
const ID_TABLES: Array<[string, string]> = [
  ['/admin/users/', 'users'],
  ['/invoices/', 'invoices'],
  ['/api/v1/invoices/', 'invoices'],
  ['/register/employees/', 'employees'],
  ['/privacy/requests/', 'subject_requests'],
  ['/privacy/exports/', 'subject_exports'],
  ['/privacy/incidents/', 'incidents'],
  ['/api/v1/jobs/', 'jobs'],
]

type Snapshot = Record<string, string>

async function tableNames(context: AppContext): Promise<string[]> {
  const { databaseUrl, databaseSchema } = context.config
  const tables = await context.db.introspection.getTables()
  const ours = (schema?: string) => !databaseUrl || schema === databaseSchema

  return tables
    .filter((t) => !t.isView && ours(t.schema))
    .map((t) => t.name)
    .filter((name) => !name.startsWith('kysely_'))
    .sort()
}

/** Each table's row count and a hash of its rows, in any order. */
async function snapshot(context: AppContext): Promise<Snapshot> {
  const out: Snapshot = {}
  for (const table of await tableNames(context)) {
    if (RECORDS_READS.has(table)) continue
    const rows = await context.db
      .selectFrom(table as never)
      .selectAll()
      .execute()
    const hashes = rows.map((row) => sha256(JSON.stringify(row))).sort()
    out[table] = `${rows.length} ${sha256(hashes.join())}`
  }

  return out
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

async function firstId(context: AppContext, table: string) {
  const row = await context.db
    .selectFrom(table as never)
    .select('id' as never)
    .executeTakeFirst()

  return (row as { id?: string } | undefined)?.id ?? randomUUID()
}

/** Every concrete URL for a GET route, its parameters filled with real ids. */
async function urlsOf(context: AppContext, url: string): Promise<string[]> {
  if (url === '/assets/*') return ['/assets/style.css', '/assets/upload.js']
  if (!url.includes(':')) return [url]

  const [, table] = ID_TABLES.find(([start]) => url.startsWith(start)) ?? []
  assert.ok(table, `no table fills the id of ${url}`)
  const withId = url.replace(':id', await firstId(context, table))
  if (!withId.includes(':report')) return [withId]

  return REPORTS.map((report) => withId.replace(':report', report))
}

async function loadData(t: TestApp, admin: Agent): Promise<void> {
  const actor: AuditActor = { userId: admin.user.id, name: 'Test admin' }
  for (const file of ['kostnadssteder.csv', 'ansatte.csv']) {
    const bytes = new Uint8Array(readFileSync(fixture('register', file)))
    const outcome = await importRegisterFile(
      t.context,
      { filename: file, bytes },
      actor,
    )
    assert.ok(outcome.ok, JSON.stringify(outcome.problems))
  }
  const path = fixture('telia', '2026-11', 'invoice-ehf.xml')
  const upload = await processUpload(t.context, {
    filename: 'invoice-ehf.xml',
    bytes: new Uint8Array(readFileSync(path)),
    userId: admin.user.id,
  })
  assert.ok(upload.ok)
  const ehf = readFileSync(fixture('telia', '2026-10', 'invoice-ehf.xml'))
  const body = multipartFile('invoice-ehf.xml', ehf)
  const posted = await admin.inject({
    method: 'POST',
    url: '/api/v1/invoices',
    payload: body.payload,
    headers: body.headers,
  })
  assert.equal(posted.statusCode, 201, posted.body)
  const employeeId = await firstId(t.context, 'employees')
  const request = await registerRequest(t.context, actor, {
    type: 'access',
    employeeId,
    receivedOn: '2026-11-20',
    notes: null,
  })
  assert.ok(request.ok, JSON.stringify(request))
  await registerIncident(t.context, actor, {
    title: 'Feilsendt faktura',
    discoveredAt: '2026-11-21T08:00:00.000Z',
    description: 'En faktura ble sendt til feil mottaker.',
    nature: 'confidentiality',
    dataCategories: 'telefonnummer',
    approxPeople: 3,
    approxRecords: 3,
    consequences: 'Lav',
    measures: 'Mottaker har slettet e-posten.',
  })
}

describe('GET routes', () => {
  let t: TestApp
  const agents: Record<string, Agent> = {}
  before(async () => {
    t = await buildTestApp()
    agents['admin'] = await t.signIn('admin')
    agents['accountant'] = await t.signIn('accountant')
    await loadData(t, agents['admin'])
  })
  after(() => t.close())

  it('find every table to compare', async () => {
    const tables = Object.keys(await snapshot(t.context))

    assert.ok(tables.includes('invoices'))
    assert.ok(tables.length >= 25, String(tables))
  })

  it('find data in the tables they read', async () => {
    for (const [, table] of ID_TABLES) {
      if (table === 'subject_exports') continue
      const rows = await t.context.db
        .selectFrom(table as never)
        .selectAll()
        .execute()
      assert.ok(rows.length > 0, table)
    }
  })

  it('notice when a table changes', async () => {
    const before = await snapshot(t.context)
    const profile = {
      name: 'Kontroll',
      supplier: 'Telia Norge',
      sheet: { columns: {} },
    }
    await saveLayoutProfile(t.context.db, profile, 'sheet')

    assert.notEqual(
      (await snapshot(t.context))['layout_profiles'],
      before['layout_profiles'],
    )
  })

  for (const role of ['admin', 'accountant']) {
    it(`change no table when an ${role} calls them`, async () => {
      const gets = t.app.routeTable.filter((r) => r.method === 'GET')
      const writers: string[] = []
      for (const route of gets) {
        for (const url of await urlsOf(t.context, route.url)) {
          const before = await snapshot(t.context)
          const response = await agents[role]!.inject({ method: 'GET', url })
          const after = await snapshot(t.context)
          const changed = Object.keys(after).filter(
            (table) => after[table] !== before[table],
          )
          if (changed.length > 0) {
            writers.push(`${url} (${response.statusCode}): ${changed}`)
          }
        }
      }

      assert.deepEqual(writers, [])
    })
  }
})
