import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ROLES } from '../../src/security/roles.js'
import type { Role } from '../../src/security/roles.js'
import { buildTestApp, multipartFile } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { AUTHZ_MATRIX } from './authz-matrix.js'
import type { MatrixRow } from './authz-matrix.js'
import { importRegister, uploadNovember } from './invoices-api.test.js'

function allows(row: MatrixRow, role: Role): boolean {
  return typeof row.allowed === 'string' || row.allowed.includes(role)
}

// One app for the whole matrix: uploading the fixture for each of 150
// calls would make the suite slow without testing anything more.
describe('authorisation', () => {
  let t: TestApp
  let invoiceId: string
  let employeeId: string
  const agents = new Map<Role, Agent>()
  before(async () => {
    t = await buildTestApp()
    const accountant = await t.signIn('accountant')
    await importRegister(accountant)
    invoiceId = (await uploadNovember(accountant)).json().id
    const employee = await t.context.db
      .selectFrom('employees')
      .select('id')
      .executeTakeFirstOrThrow()
    employeeId = employee.id
    for (const role of ROLES) {
      const costCentres = role === 'manager' ? ['1100'] : []
      agents.set(role, await t.signIn(role, { costCentres }))
    }
  })
  after(() => t.close())

  function concrete(url: string): string {
    const id = url.startsWith('/register/employees') ? employeeId : invoiceId
    return url.replace(':id', id).replace(':report', 'journal.csv')
  }

  it('lists every registered route in the matrix', () => {
    const listed = new Set(AUTHZ_MATRIX.map((r) => `${r.method} ${r.url}`))
    const missing = t.app.routeTable
      .filter((r) => !r.url.startsWith('/assets/'))
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => !listed.has(r))

    assert.deepEqual(missing, [])
  })

  it('refuses every role the matrix does not allow, and lets the others in', async () => {
    const wrong: string[] = []
    // Signing out ends the agents' sessions, so it goes last.
    const rows = [...AUTHZ_MATRIX].sort(
      (a, b) => Number(a.url === '/sign-out') - Number(b.url === '/sign-out'),
    )
    for (const row of rows) {
      for (const role of ROLES) {
        const agent = agents.get(role)!
        const body =
          row.url.endsWith('upload') ||
          row.url.endsWith('import') ||
          row.url === '/api/v1/invoices'
            ? multipartFile('x.csv', Buffer.from('a;b\n'), {})
            : { payload: {} }
        const response = await agent.inject({
          method: row.method,
          url: concrete(row.url),
          ...body,
        })
        const refused =
          response.statusCode === 403 &&
          /"forbidden"|Ingen tilgang/.test(response.body)
        if (refused === allows(row, role)) {
          wrong.push(
            `${role} ${row.method} ${row.url} → ${response.statusCode}`,
          )
        }
      }
    }

    assert.deepEqual(wrong, [])
  })

  it('answers 404 to a manager for an invoice with none of own cost centres', async () => {
    const other = await t.signIn('manager', { costCentres: ['9999'] })
    const response = await other.inject({
      url: `/api/v1/invoices/${invoiceId}/allocation`,
    })

    assert.equal(response.statusCode, 404)
  })

  it('shows a manager only own cost centres in the allocation', async () => {
    const manager = await t.signIn('manager', { costCentres: ['1100'] })
    const response = await manager.inject({
      url: `/api/v1/invoices/${invoiceId}/allocation`,
    })
    const codes = (response.json().costCentres as Array<{ code: string }>).map(
      (c) => c.code,
    )

    assert.deepEqual(codes, ['1100'])
  })

  it('hides subscriptions from a manager on the invoice page', async () => {
    const manager = await t.signIn('manager', { costCentres: ['1100'] })
    const response = await manager.inject({ url: `/invoices/${invoiceId}` })

    assert.equal(response.statusCode, 200)
    assert.doesNotMatch(response.body, /class="subscription"/)
  })
})
