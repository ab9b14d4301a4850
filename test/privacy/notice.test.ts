import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildTestApp } from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'

describe('privacy notice', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({
      dpoName: 'Ola Ombud',
      dpoEmail: 'personvern@firma.no',
    })
  })
  after(() => t.close())

  function get(url: string) {
    return t.app.inject({ method: 'GET', url })
  }

  it('answers /personvern in Bokmål without signing in', async () => {
    const response = await get('/personvern')

    assert.deepEqual(
      [response.statusCode, response.body.includes('<html lang="nb">')],
      [200, true],
    )
  })

  it('answers /privacy in English without signing in', async () => {
    const response = await get('/privacy')

    assert.deepEqual(
      [response.statusCode, response.body.includes('<html lang="en">')],
      [200, true],
    )
  })

  it('names the data protection officer from the settings', async () => {
    const response = await get('/personvern')

    assert.match(response.body, /Ola Ombud, personvern@firma\.no/)
  })

  it('says per-person views are a control measure under chapter 9', async () => {
    const response = await get('/personvern')

    assert.match(
      response.body,
      /kontrolltiltak etter arbeidsmiljøloven kapittel 9/,
    )
  })

  it('lists the six rights in English', async () => {
    const body = (await get('/privacy')).body
    const rights = [
      'Access',
      'Rectification',
      'Erasure',
      'Restriction',
      'Portability',
      'Objection',
    ]

    assert.deepEqual(
      rights.filter((r) => !body.includes(`<strong>${r}</strong>`)),
      [],
    )
  })

  it('names both legal bases', async () => {
    const body = (await get('/privacy')).body

    assert.ok(body.includes('6(1)(c)') && body.includes('6(1)(b)'))
  })

  it('shows the retention in force', async () => {
    const body = (await get('/personvern')).body

    assert.match(body, /Fakturaer og spesifikasjoner: 5 år etter utgangen/)
  })

  it('shows the retention in force in English on the English page', async () => {
    const body = (await get('/privacy')).body

    assert.match(body, /Invoices and specifications: 5 years after the end/)
  })

  it('is linked from the footer of the sign-in page', async () => {
    const body = (await get('/sign-in')).body

    assert.match(body, /<footer[^>]*><a href="\/personvern">Personvern<\/a>/)
  })
})
