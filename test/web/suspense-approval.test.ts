import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { processUpload } from '../../src/services/invoices.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { findInvoice } from '../../src/store/invoices.js'
import { kr } from '../../src/web/views/format.js'
import { buildTestApp } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { fixture } from '../helpers/paths.js'

// With no register imported, every number of the November invoice is
// unmatched, so its whole amount sits on the suspense cost centre.
describe('approving an invoice with money on the suspense cost centre', () => {
  let t: TestApp
  let accountant: Agent
  let invoiceId: string
  let payableOre: number
  before(async () => {
    t = await buildTestApp()
    accountant = await t.signIn('accountant')
    const bytes = await readFile(fixture('telia', '2026-11', 'invoice.pdf'))
    const outcome = await processUpload(t.context, {
      filename: 'invoice.pdf',
      bytes,
      userId: accountant.user.id,
    })
    assert.ok(outcome.ok && outcome.status === 'ready')
    invoiceId = outcome.invoiceId
    const invoice = await findInvoice(t.context.db, invoiceId)
    payableOre = invoice!.header.payableOre!
  })
  after(() => t.close())

  function approve(payload: Record<string, string> = {}) {
    return accountant.inject({
      method: 'POST',
      url: `/invoices/${invoiceId}/approve`,
      payload: { _csrf: accountant.csrfToken, ...payload },
    })
  }

  async function status() {
    return (await findInvoice(t.context.db, invoiceId))?.status
  }

  async function approvals() {
    const all = await listAuditEntries(t.context.db, {})
    return all.filter((e) => e.action === 'invoice.approve')
  }

  it('warns on the page with the amount in suspense', async () => {
    const page = await accountant.inject({
      method: 'GET',
      url: `/invoices/${invoiceId}?lang=en`,
    })

    const amount = `NOK ${kr(payableOre)} sits on the suspense cost centre`
    assert.ok(page.body.includes(amount))
  })

  it('lists the numbers in suspense and links to the attention list', async () => {
    const page = await accountant.inject({
      method: 'GET',
      url: `/invoices/${invoiceId}`,
    })
    const form = page.body.slice(page.body.indexOf('data-suspense'))

    assert.match(form, /909 37 865/)
    assert.match(form, /href="\/attention"/)
  })

  it('refuses one-click approval, and changes and audits nothing', async () => {
    const response = await approve()

    assert.equal(response.statusCode, 422)
    assert.equal(await status(), 'ready')
    assert.equal((await approvals()).length, 0)
  })

  it('refuses a comment shorter than five characters', async () => {
    const response = await approve({ suspenseComment: ' ok  ' })

    assert.equal(response.statusCode, 422)
    assert.equal(await status(), 'ready')
  })

  it('approves with a comment and keeps it in the audit entry', async () => {
    const comment = 'Nye abonnement, fordeles i desember'
    const response = await approve({ suspenseComment: comment })

    const [entry] = await approvals()
    assert.equal(response.statusCode, 303)
    assert.equal(await status(), 'approved')
    assert.equal(JSON.parse(entry!.details).suspenseComment, comment)
  })
})
