import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { findInvoice } from '../../src/store/invoices.js'
import { listLayoutProfiles } from '../../src/store/profiles.js'
import { buildTestApp, multipartFile } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { renderRowsXlsx } from '../helpers/generate/xlsx.js'

/** Headers no synonym of the Telia layout knows. */
const HEADERS = ['Abonnent-ID', 'Hvem', 'Hva', 'Kostnad', 'Avgift', 'Sum']

const ROWS = [
  ['+47 912 34 567', 'Kari Nordmann', 'Fastpris mobil', 399, 99.75, 498.75],
  ['+47 912 34 567', 'Kari Nordmann', 'Data utland', 100.5, 25.13, 125.63],
  ['+47 480 00 001', 'Ola Nordmann', 'Fastpris mobil', 249, 62.25, 311.25],
]

const MAPPING = {
  name: 'Eget regneark',
  phone: 'Abonnent-ID',
  user: 'Hvem',
  description: 'Hva',
  net: 'Kostnad',
  vat: 'Avgift',
  total: 'Sum',
}

function unusualSheet(): Promise<Uint8Array> {
  return renderRowsXlsx([{ name: 'Ark1', rows: [HEADERS, ...ROWS] }])
}

function upload(agent: Agent, url: string, bytes: Uint8Array) {
  const body = multipartFile('eget.xlsx', Buffer.from(bytes))

  return agent.inject({
    method: 'POST',
    url,
    payload: body.payload,
    headers: body.headers,
  })
}

/** The options of one `<select>` on the page, by its name. */
function selectOptions(html: string, name: string): string[] {
  const select = new RegExp(`<select name="${name}">(.*?)</select>`, 's')
  const body = select.exec(html)?.[1] ?? ''

  // `<option value>` is how Preact writes an empty value.
  const options = body.matchAll(/<option value(?:="([^"]*)")?>/g)

  return [...options].map((m) => m[1] ?? '')
}

function csrfFrom(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
}

describe('mapping the columns of an unrecognised spreadsheet', () => {
  let t: TestApp
  let agent: Agent
  let bytes: Uint8Array
  before(async () => {
    t = await buildTestApp()
    agent = await t.signIn('accountant')
    bytes = await unusualSheet()
  })
  after(() => t.close())

  it('answers the API with 422, the problem code and the headers', async () => {
    const response = await upload(agent, '/api/v1/invoices', bytes)
    const { error } = response.json()

    assert.equal(response.statusCode, 422)
    assert.equal(error.problems[0].code, 'columns-unrecognised')
    assert.deepEqual(error.problems[0].headers, HEADERS)
  })

  it('shows a mapping form that lists every header of the sheet', async () => {
    const response = await upload(agent, '/invoices/upload', bytes)

    assert.equal(response.statusCode, 422)
    assert.match(response.body, /action="\/layout-profiles"/)
    for (const field of ['phone', 'description', 'net', 'total']) {
      assert.deepEqual(selectOptions(response.body, field), ['', ...HEADERS])
    }
  })

  it('reads the same file with the saved mapping and gets the totals right', async () => {
    const page = await upload(agent, '/invoices/upload', bytes)
    const saved = await agent.inject({
      method: 'POST',
      url: '/layout-profiles',
      headers: { 'x-csrf-token': '' },
      payload: { ...MAPPING, _csrf: csrfFrom(page.body) },
    })
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, '/invoices/upload?mapping-saved')
    const [profile] = await listLayoutProfiles(t.context.db)
    assert.equal(profile?.name, 'Eget regneark')

    const again = await upload(agent, '/invoices/upload', bytes)
    assert.equal(again.statusCode, 303, again.body)
    const id = String(again.headers.location).split('/').pop()!
    const invoice = await findInvoice(t.context.db, id)

    assert.equal(invoice?.header.vatBaseOre, 74_850)
    assert.equal(invoice?.header.vatOre, 18_713)
    assert.equal(invoice?.header.payableOre, 93_563)
  })
})
