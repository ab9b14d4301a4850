import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, multipartFile } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { fixture } from '../helpers/paths.js'

describe('uploading an invoice a second time', () => {
  let t: TestApp
  let accountant: Agent
  let bytes: Buffer
  before(async () => {
    t = await buildTestApp()
    accountant = await t.signIn('accountant')
    bytes = await readFile(fixture('telia', '2026-11', 'invoice.pdf'))
    const first = await upload('')
    assert.equal(first.statusCode, 303, first.body)
  })
  after(() => t.close())

  function upload(query: string) {
    return accountant.inject({
      method: 'POST',
      url: `/invoices/upload${query}`,
      ...multipartFile('invoice.pdf', bytes),
    })
  }

  it('tells the user to open the existing invoice, not to delete it', async () => {
    const response = await upload('?lang=nb')

    assert.equal(response.statusCode, 409)
    assert.match(response.body, /Åpne den som finnes/)
    assert.doesNotMatch(response.body, /slett/i)
  })

  it('explains the refusal in English on the English page', async () => {
    const response = await upload('?lang=en')

    assert.match(response.body, /This invoice is already uploaded/)
    assert.doesNotMatch(response.body, /allerede lastet opp/)
  })

  it('answers an API client with the same advice', async () => {
    const response = await accountant.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      ...multipartFile('invoice.pdf', bytes),
    })

    assert.match(response.body, /Åpne den som finnes;/)
  })
})
