import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { draftNotification } from '../../src/privacy/incident-notice.js'
import {
  checkIncidentDeadlines,
  completeStep,
  loadIncidentView,
  registerIncident,
} from '../../src/privacy/incidents.js'
import type { IncidentFacts } from '../../src/privacy/incidents.js'
import { startIncidentDeadlineWatch } from '../../src/privacy/incidents-job.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { listSecurityEvents } from '../../src/store/security-events.js'
import { freshContext } from '../helpers/context.js'

type Context = Awaited<ReturnType<typeof freshContext>>

const DISCOVERED = '2026-11-02T08:00:00.000Z'
const HOUR = 3_600_000
const officer = { userId: 'u-privacy', name: 'Pia Personvern' }

function facts(overrides: Partial<IncidentFacts> = {}): IncidentFacts {
  return {
    title: 'Eksport sendt til feil mottaker',
    discoveredAt: DISCOVERED,
    description: 'En kostnadsrapport ble sendt til en ekstern adresse.',
    nature: 'Konfidensialitetsbrudd',
    dataCategories: 'Navn, telefonnummer, kostnad per abonnement',
    approxPeople: 42,
    approxRecords: 310,
    consequences: 'Innsyn i bruk og kostnad for ansatte.',
    measures: 'Mottaker har bekreftet sletting.',
    ...overrides,
  }
}

function at(hoursAfterDiscovery: number): Date {
  return new Date(Date.parse(DISCOVERED) + hoursAfterDiscovery * HOUR)
}

describe('incident deadline', () => {
  let context: Context
  let id: string
  before(async () => {
    context = await freshContext({ incidentAlertHours: [24, 4] })
    id = await registerIncident(context, officer, facts())
  })
  after(() => context.close())

  it('sends no alert while more than 24 hours are left', async () => {
    assert.deepEqual(await checkIncidentDeadlines(context, at(47)), [])
  })

  it('alerts when 24 hours are left', async () => {
    const fired = await checkIncidentDeadlines(context, at(48))

    assert.deepEqual(fired, [
      { incidentId: id, threshold: '24h', hoursLeft: 24 },
    ])
  })

  it('does not alert twice for the same threshold', async () => {
    assert.deepEqual(await checkIncidentDeadlines(context, at(50)), [])
  })

  it('alerts again when 4 hours are left', async () => {
    const fired = await checkIncidentDeadlines(context, at(68.5))

    assert.deepEqual(
      fired.map((f) => f.threshold),
      ['4h'],
    )
  })

  it('alerts when the deadline has passed', async () => {
    const fired = await checkIncidentDeadlines(context, at(72))

    assert.deepEqual(
      fired.map((f) => f.threshold),
      ['passed'],
    )
  })

  it('records each alert as a security event of severity 9', async () => {
    const events = await listSecurityEvents(context.db, {
      type: 'incident-deadline',
    })

    assert.deepEqual(
      events.map((e) => [e.severity, e.details['threshold']]).reverse(),
      [
        [9, '24h'],
        [9, '4h'],
        [9, 'passed'],
      ],
    )
  })
})

describe('incident deadline once notified', () => {
  let context: Context
  before(async () => {
    context = await freshContext()
  })
  after(() => context.close())

  it('stops alerting once Datatilsynet is notified', async () => {
    const id = await registerIncident(context, officer, facts())
    await completeStep(
      context,
      officer,
      id,
      'notify-datatilsynet',
      null,
      at(30),
    )

    assert.deepEqual(await checkIncidentDeadlines(context, at(71)), [])
  })

  it('alerts only the most urgent threshold after a long pause', async () => {
    await registerIncident(context, officer, facts())

    const fired = await checkIncidentDeadlines(context, at(80))

    assert.deepEqual(
      fired.map((f) => f.threshold),
      ['passed'],
    )
  })
})

describe('incident steps', () => {
  let context: Context
  let id: string
  before(async () => {
    context = await freshContext()
    id = await registerIncident(context, officer, facts())
  })
  after(() => context.close())

  it('records a step with its time and who did it', async () => {
    await completeStep(context, officer, id, 'isolate', 'VPN stengt', at(0.1))

    const view = await loadIncidentView(context, id, at(1))
    const step = view!.steps.find((s) => s.key === 'isolate')

    assert.deepEqual(step!.done, {
      step: 'isolate',
      doneAt: '2026-11-02T08:06:00.000Z',
      doneBy: 'Pia Personvern',
      note: 'VPN stengt',
    })
  })

  it('refuses a step the plan does not have', async () => {
    const problem = await completeStep(context, officer, id, 'x', null)

    assert.equal(problem?.code, 'incident-step-unknown')
  })

  it('gives each step the due time of its phase', async () => {
    const view = await loadIncidentView(context, id, at(1))
    const due = view!.steps.find((s) => s.key === 'contact-legal')!.due

    assert.equal(due, '2026-11-02T09:00:00.000Z')
  })

  it('audits each step done', async () => {
    const entries = await listAuditEntries(context.db, {})

    assert.ok(entries.some((e) => e.action === 'incident.step'))
  })
})

describe('notification draft', () => {
  let context: Context
  let draft: string
  before(async () => {
    context = await freshContext({ dpoName: 'Ola Ombud', dpoEmail: 'po@x.no' })
    const id = await registerIncident(context, officer, facts())
    await completeStep(context, officer, id, 'isolate', 'VPN stengt', at(0.1))
    const view = await loadIncidentView(context, id, at(2))
    draft = draftNotification(view!, context.config)
  })
  after(() => context.close())

  it('states the approximate number of people and records', () => {
    assert.match(draft, /Omtrent 42 berørte personer\.\nOmtrent 310/)
  })

  it('lists the categories, consequences and the contact', () => {
    for (const text of [
      'Navn, telefonnummer, kostnad per abonnement',
      'Innsyn i bruk og kostnad for ansatte.',
      'Personvernombud: Ola Ombud, po@x.no',
    ]) {
      assert.ok(draft.includes(text), text)
    }
  })

  it('lists the steps done among the measures', () => {
    assert.match(
      draft,
      /Isoler berørte systemer og kontoer \(utført .*\): VPN stengt/,
    )
  })
})

describe('incident deadline watch', () => {
  let context: Context
  before(async () => {
    context = await freshContext()
  })
  after(() => context.close())

  it('checks at once when started, and alerts on a passed deadline', async () => {
    const discoveredAt = new Date(Date.now() - 100 * HOUR).toISOString()
    await registerIncident(context, officer, facts({ discoveredAt }))
    const stop = startIncidentDeadlineWatch(context)
    let events: unknown[] = []
    for (let i = 0; i < 50 && events.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      events = await listSecurityEvents(context.db, {
        type: 'incident-deadline',
      })
    }
    stop()

    assert.equal(events.length, 1)
  })
})
