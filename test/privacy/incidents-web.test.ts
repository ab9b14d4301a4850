import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { findIncident } from '../../src/store/incidents.js'
import { buildTestApp } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'

describe('incident register in the app', () => {
  let t: TestApp
  let officer: Agent
  let id: string
  before(async () => {
    t = await buildTestApp({
      incidentContacts: {
        itSecurity: 'IT-vakt 22 00 00 00',
        datatilsynet: '+47 22 39 69 00',
        legal: null,
        management: 'Daglig leder',
        communications: null,
      },
    })
    officer = await t.signIn('privacy')
    const response = await officer.inject({
      method: 'POST',
      url: '/privacy/incidents',
      payload: {
        title: 'Rapport på avveie',
        discovered: '2026-11-02T09:00',
        description: 'En rapport ble sendt til feil mottaker.',
        nature: 'Konfidensialitetsbrudd',
        categories: 'Navn og kostnader',
        people: '12',
        records: '40',
        consequences: 'Innsyn i kostnader',
        measures: 'Mottaker har slettet rapporten',
      },
    })
    id = response.headers.location!.split('/').pop()!
  })
  after(() => t.close())

  it('stores the discovery time read as Norwegian time', async () => {
    const incident = await findIncident(t.context.db, id)

    assert.equal(incident?.discoveredAt, '2026-11-02T08:00:00.000Z')
  })

  it('shows the contacts from the settings', async () => {
    const body = (
      await officer.inject({ method: 'GET', url: '/privacy/incidents' })
    ).body

    assert.ok(
      body.includes('IT-vakt 22 00 00 00') && body.includes('+47 22 39 69 00'),
    )
  })

  it('shows the 72-hour deadline on the incident', async () => {
    const body = (
      await officer.inject({ method: 'GET', url: `/privacy/incidents/${id}` })
    ).body

    assert.match(body, /Frist for melding til Datatilsynet: 05\.11\.2026 08:00/)
  })

  it('marks a step done with who did it', async () => {
    await officer.inject({
      method: 'POST',
      url: `/privacy/incidents/${id}/steps/isolate`,
      payload: { note: 'Kontoen er sperret' },
    })
    const body = (
      await officer.inject({ method: 'GET', url: `/privacy/incidents/${id}` })
    ).body

    assert.match(body, /id="isolate" data-done="yes"/)
  })

  it('drafts the notification from the recorded facts', async () => {
    const response = await officer.inject({
      method: 'GET',
      url: `/privacy/incidents/${id}/notification.md`,
    })

    assert.match(response.body, /Omtrent 12 berørte personer\.\nOmtrent 40/)
  })

  it('refuses an incident without a discovery time', async () => {
    const response = await officer.inject({
      method: 'POST',
      url: '/privacy/incidents',
      payload: { title: 'x', discovered: 'i går', description: 'y' },
    })

    assert.equal(response.statusCode, 422)
  })
})
