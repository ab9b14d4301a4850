import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { resetPasswordFromCli } from '../../src/cli/users.js'
import { hashSessionId } from '../../src/security/sessions.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { listSecurityEvents } from '../../src/store/security-events.js'
import { findUserById } from '../../src/store/users.js'
import { buildTestApp, postSignIn } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'

describe('resetting a password', () => {
  let t: TestApp
  let admin: Agent
  before(async () => {
    t = await buildTestApp()
    admin = await t.signIn('admin')
  })
  after(() => t.close())

  async function auditActions(subjectId: string) {
    const all = await listAuditEntries(t.context.db, {})
    return all
      .filter((e) => e.subjectId === subjectId)
      .map((e) => [e.action, e.actorName])
  }

  describe('POST /admin/users/:id/password', () => {
    let target: Agent
    let password: string
    before(async () => {
      target = await t.signIn('accountant')
      const response = await admin.inject({
        method: 'POST',
        url: `/admin/users/${target.user.id}/password`,
        payload: {},
      })
      assert.equal(response.statusCode, 200, response.body.slice(0, 3000))
      password = /data-initial-password[^>]*>([^<]+)</.exec(response.body)![1]!
    })

    it('gives a password the user can sign in with', async () => {
      const sessionId = await postSignIn(t.app, target.user.username, password)

      assert.ok(sessionId.length > 0)
    })

    it('makes the user change it at the next sign-in', async () => {
      const user = await findUserById(t.context.db, target.user.id)

      assert.equal(user?.mustChangePassword, true)
    })

    it("ends the user's sessions", async () => {
      const session = await t.context.sessions.find(
        hashSessionId(target.sessionId),
      )

      assert.equal(session, null)
    })

    it('shows the password once, not on the next visit', async () => {
      const page = await admin.inject({
        url: `/admin/users/${target.user.id}`,
      })

      assert.equal(page.body.includes(password), false)
    })

    it('is audited and recorded as a security event', async () => {
      const events = await listSecurityEvents(t.context.db, {
        type: 'password-reset',
      })

      assert.ok(
        (await auditActions(target.user.id)).some(
          ([action]) => action === 'user.password-reset',
        ),
      )
      assert.equal(events[0]?.details['targetUserId'], target.user.id)
    })

    it('refuses a weak password the administrator chose', async () => {
      const response = await admin.inject({
        method: 'POST',
        url: `/admin/users/${target.user.id}/password`,
        payload: { password: 'kort' },
      })

      assert.equal(response.statusCode, 422)
    })
  })

  describe('telekost users reset-password', () => {
    it('generates a password the user signs in with, and must change', async () => {
      const target = await t.signIn('auditor')

      const password = await resetPasswordFromCli(
        t.context,
        target.user.username,
        '',
      )

      await postSignIn(t.app, target.user.username, password)
      const user = await findUserById(t.context.db, target.user.id)
      assert.equal(user?.mustChangePassword, true)
    })

    it("ends the user's sessions and names the command line in the trail", async () => {
      const target = await t.signIn('manager')
      const given = 'et passord valgt i terminalen'

      await resetPasswordFromCli(t.context, target.user.username, given)

      const session = await t.context.sessions.find(
        hashSessionId(target.sessionId),
      )
      assert.equal(session, null)
      const actions = await auditActions(target.user.id)
      assert.ok(
        actions.some(
          ([action, actor]) =>
            action === 'user.password-reset' && actor === 'kommandolinje',
        ),
      )
    })

    it('refuses an unknown user', async () => {
      await assert.rejects(
        resetPasswordFromCli(t.context, 'finnes-ikke', ''),
        /Fant ingen bruker/,
      )
    })
  })
})
