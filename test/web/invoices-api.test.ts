import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { fixture } from '../helpers/paths.js'
import { buildTestApp, multipartFile } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'

interface Expected {
  invoice: { number: string; payableOre: number }
  costCentresExVatOre: Record<string, number>
}

async function expected(): Promise<Expected> {
  const path = fixture('telia', '2026-11', 'expected.json')

  return JSON.parse(await readFile(path, 'utf8')) as Expected
}

export async function importRegister(agent: Agent): Promise<void> {
  for (const name of ['kostnadssteder.csv', 'ansatte.csv']) {
    const bytes = await readFile(fixture('register', name))
    const body = multipartFile(name, bytes)
    const response = await agent.inject({
      method: 'POST',
      url: '/register/import',
      ...body,
    })
    assert.equal(response.statusCode, 200, response.body)
  }
}

export async function uploadNovember(agent: Agent) {
  const bytes = await readFile(fixture('telia', '2026-11', 'invoice.pdf'))

  return agent.inject({
    method: 'POST',
    url: '/api/v1/invoices',
    ...multipartFile('invoice.pdf', bytes),
  })
}

describe('invoices API', () => {
  let t: TestApp
  let accountant: Agent
  before(async () => {
    t = await buildTestApp()
    accountant = await t.signIn('accountant')
    await importRegister(accountant)
  })
  after(() => t.close())

  describe('POST /api/v1/invoices', () => {
    let upload: Awaited<ReturnType<typeof uploadNovember>>
    before(async () => {
      upload = await uploadNovember(accountant)
    })

    it('answers 201 with the id, status and checks of the November invoice', () => {
      const body = upload.json() as {
        id: string
        status: string
        checks: Array<{ ok: boolean }>
      }

      assert.equal(upload.statusCode, 201)
      assert.equal(body.status, 'ready')
      assert.ok(body.checks.length > 0 && body.checks.every((c) => c.ok))
    })

    it('allocates ex VAT per cost centre as expected.json says', async () => {
      const { id } = upload.json() as { id: string }
      const response = await accountant.inject({
        url: `/api/v1/invoices/${id}/allocation`,
      })
      const body = response.json() as {
        costCentres: Array<{ code: string; exVatOre: number }>
      }
      const actual = Object.fromEntries(
        body.costCentres.map((c) => [c.code, c.exVatOre]),
      )

      assert.deepEqual(actual, (await expected()).costCentresExVatOre)
    })

    it('answers the invoice with its header and subscriptions', async () => {
      const { id } = upload.json() as { id: string }
      const response = await accountant.inject({
        url: `/api/v1/invoices/${id}`,
      })
      const body = response.json() as {
        header: { number: string; payableOre: number }
      }

      assert.equal(
        body.header.payableOre,
        (await expected()).invoice.payableOre,
      )
    })

    it('answers 409 when the same invoice is uploaded again', async () => {
      const again = await uploadNovember(accountant)

      assert.equal(again.statusCode, 409)
      assert.equal(again.json().error.code, 'conflict')
    })

    it('answers 415 for bytes that are not what the name says', async () => {
      const body = multipartFile(
        'faktura.pdf',
        Buffer.from('PK\x03\x04 not a pdf'),
      )
      const response = await accountant.inject({
        method: 'POST',
        url: '/api/v1/invoices',
        ...body,
      })

      assert.ok(
        [400, 415].includes(response.statusCode),
        String(response.statusCode),
      )
      assert.ok(response.json().error.problems.length > 0)
    })

    it('refuses a JSON body with 415', async () => {
      const response = await accountant.inject({
        method: 'POST',
        url: '/api/v1/invoices',
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      })

      assert.equal(response.statusCode, 415)
    })

    it('refuses a text/plain body with 415', async () => {
      const response = await accountant.inject({
        method: 'POST',
        url: '/api/v1/invoices',
        headers: { 'content-type': 'text/plain' },
        payload: 'file=x',
      })

      assert.equal(response.statusCode, 415)
    })
  })

  describe('GET /invoices/:id/exports/:report', () => {
    it('sends the cost-centre CSV as an attachment that is not cached', async () => {
      const list = await t.context.db
        .selectFrom('invoices')
        .select('id')
        .execute()
      const response = await accountant.inject({
        url: `/invoices/${list[0]!.id}/exports/cost-centres.csv`,
      })

      assert.match(
        String(response.headers['content-disposition']),
        /^attachment; filename="/,
      )
      assert.equal(response.headers['cache-control'], 'no-store')
    })
  })

  describe('GET /api/v1/openapi.json', () => {
    it('documents the invoice routes', async () => {
      const response = await t.app.inject({ url: '/api/v1/openapi.json' })
      const paths = Object.keys(response.json().paths as object)

      assert.ok(
        paths.includes('/api/v1/invoices/{id}/allocation'),
        paths.join(),
      )
    })
  })

  describe('GET /api/health', () => {
    it('answers without a session', async () => {
      const response = await t.app.inject({ url: '/api/health' })

      assert.deepEqual(response.json(), { status: 'ok' })
    })
  })
})
