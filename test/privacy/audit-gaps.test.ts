import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { createUserFromCli } from '../../src/cli/users.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { ensureCostCentre } from '../../src/store/register.js'
import { buildTestApp, multipartFile, TEST_PASSWORD } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { fixture } from '../helpers/paths.js'

describe('audit entries for changes that had none', () => {
  let t: TestApp
  let admin: Agent
  let accountant: Agent
  before(async () => {
    t = await buildTestApp()
    admin = await t.signIn('admin')
    accountant = await t.signIn('accountant')
  })
  after(() => t.close())

  async function entries(action: string) {
    const all = await listAuditEntries(t.context.db, {})
    return all.filter((e) => e.action === action)
  }

  it('records an uploaded invoice with the uploader as actor', async () => {
    const bytes = await readFile(fixture('telia', '2026-11', 'invoice.pdf'))
    const response = await accountant.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      ...multipartFile('invoice.pdf', bytes),
    })
    const { id } = response.json<{ id: string }>()

    const [upload] = await entries('invoice.upload')
    assert.deepEqual(
      [upload?.actorUserId, upload?.subjectId],
      [accountant.user.id, id],
    )
  })

  it('records an administrator changing cost centres, before and after', async () => {
    const manager = await t.signIn('manager')
    await ensureCostCentre(t.context.db, 'K100')
    await admin.inject({
      method: 'POST',
      url: `/admin/users/${manager.user.id}/cost-centres`,
      payload: { codes: 'K100' },
    })

    const [change] = await entries('user.cost-centres')
    assert.equal(change?.actorUserId, admin.user.id)
    assert.deepEqual(JSON.parse(change!.details), {
      before: [],
      after: ['K100'],
    })
  })

  it('records a user created on the command line', async () => {
    const user = await createUserFromCli(
      t.context,
      {
        username: 'cli-made',
        displayName: 'Made on the CLI',
        role: 'auditor',
        costCentres: [],
      },
      TEST_PASSWORD,
    )

    const [created] = await entries('user.create')
    assert.deepEqual(
      [created?.subjectId, created?.actorName],
      [user.id, 'kommandolinje'],
    )
  })

  it('records a password change by the user who made it', async () => {
    const next = 'et helt nytt og langt passord'
    const response = await accountant.inject({
      method: 'POST',
      url: '/password',
      payload: { current: TEST_PASSWORD, next, repeat: next },
    })

    const [change] = await entries('user.password-change')
    assert.equal(response.statusCode, 303)
    assert.equal(change?.actorUserId, accountant.user.id)
  })
})
