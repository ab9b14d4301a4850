import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { SecurityEvent } from '../../src/security/events/types.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { ensureCostCentre } from '../../src/store/register.js'
import { listUserCostCentres } from '../../src/store/users.js'
import { buildTestApp } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { captureEvents, cookieOf, postSignInForm } from './helpers-accounts.js'

describe('the users admin page', () => {
  let t: TestApp
  let admin: Agent
  let events: SecurityEvent[]
  before(async () => {
    t = await buildTestApp()
    admin = await t.signIn('admin')
    events = captureEvents(t.context)
  })
  after(() => t.close())

  function post(url: string, fields: Record<string, string> = {}) {
    return admin.inject({
      method: 'POST',
      url,
      payload: { _csrf: admin.csrfToken, ...fields },
    })
  }

  it('creates a user with a password shown once that must be changed', async () => {
    const created = await post('/admin/users', {
      username: 'nyansatt',
      displayName: 'Ny Ansatt',
      role: 'accountant',
      password: '',
    })
    const password = /data-initial-password[^>]*>([^<]+)</.exec(
      created.body,
    )![1]!
    const signIn = await postSignInForm(t, 'nyansatt', password)
    const list = await admin.inject({ url: '/admin/users' })

    assert.equal(created.statusCode, 201)
    assert.equal(signIn.headers.location, '/password')
    assert.ok(!list.body.includes(password))
  })

  it('records who created a user, in the audit trail and as an event', async () => {
    await post('/admin/users', {
      username: 'revidert',
      displayName: 'Revidert Bruker',
      role: 'auditor',
      password: '',
    })
    const audit = await listAuditEntries(t.context.db, {})

    assert.ok(audit.some((e) => e.action === 'user.create'))
    assert.ok(events.some((e) => e.type === 'user-created'))
  })

  it('alerts and audits when an administrator turns off a second factor', async () => {
    const target = await t.signIn('privacy')
    const response = await post(`/admin/users/${target.user.id}/totp/reset`)
    const audit = await listAuditEntries(t.context.db, {})

    assert.equal(response.statusCode, 303)
    assert.ok(events.some((e) => e.type === 'totp-reset' && e.severity >= 8))
    assert.ok(audit.some((e) => e.action === 'user.totp-reset'))
  })

  it('refuses a common password as the initial one', async () => {
    const response = await post('/admin/users', {
      username: 'svak',
      displayName: 'Svak',
      role: 'accountant',
      password: 'password1234',
    })

    assert.equal(response.statusCode, 422)
    assert.match(response.body, /data-code="password-common"/)
  })

  it('changes a role and records role-changed with severity 8', async () => {
    const target = await t.signIn('accountant')
    const response = await post(`/admin/users/${target.user.id}/role`, {
      role: 'auditor',
    })
    const upload = await target.inject({ url: '/invoices/upload' })

    assert.equal(response.statusCode, 303)
    assert.equal(upload.statusCode, 403)
    assert.ok(
      events.some(
        (e) =>
          e.type === 'role-changed' &&
          e.severity === 8 &&
          e.details['targetUserId'] === target.user.id,
      ),
    )
  })

  it('grants a manager cost centres that exist and refuses unknown ones', async () => {
    const manager = await t.signIn('manager')
    await ensureCostCentre(t.context.db, '1100')
    const ok = await post(`/admin/users/${manager.user.id}/cost-centres`, {
      codes: '1100',
    })
    const unknown = await post(`/admin/users/${manager.user.id}/cost-centres`, {
      codes: '1100, 9876',
    })

    assert.equal(ok.statusCode, 303)
    assert.equal(unknown.statusCode, 422)
    assert.deepEqual(await listUserCostCentres(t.context.db, manager.user.id), [
      '1100',
    ])
  })

  it('ends every session of a disabled account at once', async () => {
    const target = await t.signIn('accountant')
    const response = await post(`/admin/users/${target.user.id}/disable`)
    const rows = await t.context.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('user_id', '=', target.user.id)
      .execute()
    const after = await target.inject({ url: '/invoices' })

    assert.equal(response.statusCode, 303)
    assert.deepEqual(rows, [])
    assert.equal(after.headers.location, '/sign-in')
    assert.ok(
      events.some((e) => e.type === 'user-disabled' && e.severity === 6),
    )
  })

  it('refuses sign-in to a disabled account and allows it when enabled again', async () => {
    const target = await t.signIn('accountant')
    await post(`/admin/users/${target.user.id}/disable`)
    const refused = await postSignInForm(
      t,
      target.user.username,
      'riktig hest batteri stift',
      '10.50.0.1',
    )
    await post(`/admin/users/${target.user.id}/enable`)
    const allowed = await postSignInForm(
      t,
      target.user.username,
      'riktig hest batteri stift',
      '10.50.0.1',
    )

    assert.equal(refused.statusCode, 401)
    assert.ok(cookieOf(allowed, SESSION_COOKIE))
  })

  it('does not let an administrator disable the own account', async () => {
    const response = await post(`/admin/users/${admin.user.id}/disable`)

    assert.equal(response.statusCode, 422)
  })
})
