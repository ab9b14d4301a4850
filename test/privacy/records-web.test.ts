import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { SHIPPED_RECORD } from '../../src/privacy/records.js'
import { buildTestApp } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'

describe('record of processing in the app', () => {
  let t: TestApp
  let officer: Agent
  before(async () => {
    t = await buildTestApp()
    officer = await t.signIn('privacy')
  })
  after(() => t.close())

  it('shows the three activities of the shipped record', async () => {
    const body = (
      await officer.inject({ method: 'GET', url: '/privacy/records' })
    ).body

    assert.deepEqual(
      ['cost-allocation', 'accounting-documentation', 'cost-control'].filter(
        (id) => !body.includes(`<section id="${id}">`),
      ),
      [],
    )
  })

  it('serves a PDF that pdftotext reads', async () => {
    const response = await officer.inject({
      method: 'GET',
      url: '/privacy/records.pdf',
    })
    const text = execFileSync('pdftotext', ['-', '-'], {
      input: response.rawPayload,
    }).toString('utf8')

    assert.match(text, /Protokoll over behandlingsaktiviteter/)
  })

  it('refuses an edit that breaks the schema, saying where', async () => {
    const response = await officer.inject({
      method: 'POST',
      url: '/privacy/records/edit',
      payload: { yaml: 'version: 2\nactivities: []\n' },
    })

    assert.deepEqual(
      [
        response.statusCode,
        response.body.includes('activities: må være en liste'),
      ],
      [422, true],
    )
  })

  it('shows a saved edit as the new version', async () => {
    const yaml = readFileSync(SHIPPED_RECORD, 'utf8').replace(
      'name: Virksomheten (behandlingsansvarlig)',
      'name: Fjordkraft Testbedrift AS',
    )
    await officer.inject({
      method: 'POST',
      url: '/privacy/records/edit',
      payload: { yaml },
    })

    const body = (
      await officer.inject({ method: 'GET', url: '/privacy/records' })
    ).body

    assert.deepEqual(
      [body.includes('Versjon 1'), body.includes('Fjordkraft Testbedrift AS')],
      [true, true],
    )
  })
})
