import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { recordAudit } from '../../src/privacy/audit.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { listSecurityEvents } from '../../src/store/security-events.js'
import { buildTestApp, multipartFile } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { fixture } from '../helpers/paths.js'

async function importRegister(agent: Agent) {
  for (const name of ['kostnadssteder.csv', 'ansatte.csv']) {
    const bytes = await readFile(fixture('register', name))
    const response = await agent.inject({
      method: 'POST',
      url: '/register/import',
      ...multipartFile(name, bytes),
    })
    assert.equal(response.statusCode, 200, response.body)
  }
}

async function uploadNovember(agent: Agent): Promise<string> {
  const bytes = await readFile(fixture('telia', '2026-11', 'invoice.pdf'))
  const response = await agent.inject({
    method: 'POST',
    url: '/api/v1/invoices',
    ...multipartFile('invoice.pdf', bytes),
  })

  return response.json<{ id: string }>().id
}

describe('audit trail in the app', () => {
  let t: TestApp
  let accountant: Agent
  let auditor: Agent
  let invoiceId: string
  before(async () => {
    t = await buildTestApp()
    accountant = await t.signIn('accountant')
    auditor = await t.signIn('auditor')
    await importRegister(accountant)
    invoiceId = await uploadNovember(accountant)
  })
  after(() => t.close())

  async function entries(action: string) {
    const all = await listAuditEntries(t.context.db, {})
    return all.filter((e) => e.action === action)
  }

  it('records a sign-in with the user who signed in', async () => {
    const signIns = await entries('sign-in')

    assert.ok(signIns.some((e) => e.actorUserId === auditor.user.id))
  })

  it('records a register import with the user who made it', async () => {
    const imports = await entries('register.import')

    assert.deepEqual(
      imports.map((e) => e.actorUserId),
      [accountant.user.id, accountant.user.id],
    )
  })

  it('records who viewed an invoice, and why', async () => {
    await accountant.inject({ method: 'GET', url: `/invoices/${invoiceId}` })

    const [view] = await entries('invoice.view')

    assert.deepEqual(
      [view!.actorUserId, view!.subjectId, view!.purpose],
      [
        accountant.user.id,
        invoiceId,
        'kontroll og fordeling av telefonfaktura',
      ],
    )
  })

  it('records an export with the report that was taken', async () => {
    const url = `/invoices/${invoiceId}/exports/subscriptions.csv`
    await auditor.inject({ method: 'GET', url })

    const [exported] = await entries('invoice.export')

    assert.deepEqual(JSON.parse(exported!.details), {
      report: 'subscriptions.csv',
    })
  })

  it('records an approval', async () => {
    await accountant.inject({
      method: 'POST',
      url: `/invoices/${invoiceId}/approve`,
      // Two November numbers are not in the register, so they are in suspense.
      payload: { suspenseComment: 'To nye nummer, fordeles neste måned' },
    })

    assert.equal((await entries('invoice.approve')).length, 1)
  })

  it('shows only the chosen user on the filtered page', async () => {
    const response = await auditor.inject({
      method: 'GET',
      url: `/audit?user=${auditor.user.id}`,
    })

    assert.deepEqual(
      [
        response.body.includes('invoice.export'),
        response.body.includes('register.import'),
      ],
      [true, false],
    )
  })

  it('exports the trail as JSON that names every entry', async () => {
    const before = await listAuditEntries(t.context.db, {})
    const response = await auditor.inject({
      method: 'GET',
      url: '/audit/export.json',
    })

    assert.equal(response.json<{ entries: [] }>().entries.length, before.length)
  })

  it('exports CSV with a would-be formula neutralised', async () => {
    await recordAudit(t.context, {
      actor: { userId: null, name: '=cmd|calc' },
      action: 'test.entry',
      subjectType: 'test',
    })
    const response = await auditor.inject({
      method: 'GET',
      url: '/audit/export.csv',
    })

    assert.match(response.body, /;'=cmd\|calc;/)
  })

  it('records the export of the trail itself', async () => {
    assert.ok((await entries('audit.export')).length >= 2)
  })
})

describe('audit chain check in the app', () => {
  let t: TestApp
  let auditor: Agent
  before(async () => {
    t = await buildTestApp()
    auditor = await t.signIn('auditor')
  })
  after(() => t.close())

  function verify() {
    return auditor.inject({ method: 'POST', url: '/audit/verify', payload: {} })
  }

  it('says the chain is whole when nobody touched it', async () => {
    const response = await verify()

    assert.match(response.body, /Kjeden er hel/)
  })

  it('names the edited row when somebody changed one', async () => {
    await sql`update audit_log set actor_name = 'x' where seq = 1`.execute(
      t.context.db,
    )

    const response = await verify()

    assert.match(response.body, /rad 1 er endret/)
  })

  it('raises a security event of severity 9 for the broken chain', async () => {
    const events = await listSecurityEvents(t.context.db, {
      type: 'audit-chain-broken',
    })

    assert.equal(events[0]?.severity, 9)
  })
})

describe('role changes in the audit trail', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp()
  })
  after(() => t.close())

  it('records the role before and after', async () => {
    const admin = await t.signIn('admin')
    const target = await t.signIn('manager')
    await admin.inject({
      method: 'POST',
      url: `/admin/users/${target.user.id}/role`,
      payload: { role: 'auditor' },
    })

    const all = await listAuditEntries(t.context.db, {})
    const change = all.find((e) => e.action === 'user.role')

    assert.deepEqual(JSON.parse(change!.details), {
      after: 'auditor',
      before: 'manager',
    })
  })
})
