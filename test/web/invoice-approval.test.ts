import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { processUpload } from '../../src/services/invoices.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { findInvoice } from '../../src/store/invoices.js'
import { buildTestApp } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { fixture } from '../helpers/paths.js'

/** The November EHF with its amount to pay moved by one øre. */
function offByOneOre(): Uint8Array {
  const xml = readFileSync(
    fixture('telia', '2026-11', 'invoice-ehf.xml'),
    'utf8',
  )
  const changed = xml.replace(
    '<cbc:PayableAmount currencyID="NOK">44431.72</cbc:PayableAmount>',
    '<cbc:PayableAmount currencyID="NOK">44431.73</cbc:PayableAmount>',
  )
  assert.notEqual(changed, xml)

  return new TextEncoder().encode(changed)
}

async function auditCount(t: TestApp, action: string): Promise<number> {
  const entries = await listAuditEntries(t.context.db, {})

  return entries.filter((e) => e.action === action).length
}

describe('accepting and approving an invoice', () => {
  let t: TestApp
  let agent: Agent
  let invoiceId: string
  before(async () => {
    t = await buildTestApp()
    agent = await t.signIn('accountant')
    const outcome = await processUpload(t.context, {
      filename: 'faktura.xml',
      bytes: offByOneOre(),
      userId: agent.user.id,
    })
    assert.ok(outcome.ok && outcome.status === 'needs_review')
    invoiceId = outcome.invoiceId
  })
  after(() => t.close())

  function post(action: string, payload: Record<string, string> = {}) {
    return agent.inject({
      method: 'POST',
      url: `/invoices/${invoiceId}/${action}`,
      payload: { _csrf: agent.csrfToken, ...payload },
    })
  }

  it('refuses to approve while a check fails, and audits nothing', async () => {
    const response = await post('approve')

    assert.equal(response.statusCode, 409)
    assert.equal(await auditCount(t, 'invoice.approve'), 0)
  })

  it('refuses a comment too short to explain anything', async () => {
    const response = await post('accept', { comment: 'ok' })

    assert.equal(response.statusCode, 422)
    assert.equal(
      (await findInvoice(t.context.db, invoiceId))?.status,
      'needs_review',
    )
  })

  it('accepts the figures once, with a real comment', async () => {
    const first = await post('accept', {
      comment: 'Telia krediterer 0,01 neste måned',
    })
    const second = await post('accept', { comment: 'En gang til' })

    assert.equal(first.statusCode, 303)
    assert.equal(second.statusCode, 409)
    assert.equal(await auditCount(t, 'invoice.accept'), 1)
  })

  it('approves once, and a second approval changes and audits nothing', async () => {
    // Nothing is matched to a register here, so all of it is in suspense.
    const why = { suspenseComment: 'Registeret importeres etterpå' }
    const first = await post('approve', why)
    const second = await post('approve', why)

    assert.equal(first.statusCode, 303)
    assert.equal(second.statusCode, 409)
    assert.equal(await auditCount(t, 'invoice.approve'), 1)
  })
})
