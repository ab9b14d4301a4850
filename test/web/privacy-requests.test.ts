import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { findEmployee } from '../../src/store/register.js'
import {
  findRequest,
  findSubjectState,
  listExports,
} from '../../src/store/requests.js'
import { buildTestApp } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { buildWorld, KARI, OLA } from '../privacy/requests-world.js'
import type { World } from '../privacy/requests-world.js'

const REQUEST_PAGE = /^\/privacy\/requests\/([0-9a-f-]{36})$/

describe('the data subject request routes', () => {
  let t: TestApp
  let world: World
  let officer: Agent

  before(async () => {
    t = await buildTestApp()
    world = await buildWorld(t.context)
    officer = await t.signIn('privacy')
  })
  after(() => t.close())

  async function register(type: string, employeeId: string, receivedOn = '') {
    const response = await officer.inject({
      method: 'POST',
      url: '/privacy/requests',
      payload: {
        type,
        employeeId,
        receivedOn: receivedOn || new Date().toISOString().slice(0, 10),
        notes: '',
      },
    })
    const id = REQUEST_PAGE.exec(String(response.headers.location))?.[1]

    return { response, id: id ?? '' }
  }

  function post(id: string, action: string, payload: Record<string, string>) {
    return officer.inject({
      method: 'POST',
      url: `/privacy/requests/${id}/${action}`,
      payload,
    })
  }

  it('registers a request and sends the officer to its page', async () => {
    const { response, id } = await register('access', world.kari, '2026-11-02')
    const stored = await findRequest(t.context.db, id)

    assert.equal(response.statusCode, 303)
    assert.deepEqual(
      [stored?.type, stored?.employeeId, stored?.dueOn, stored?.status],
      ['access', world.kari, '2026-12-02', 'open'],
    )
  })

  it('refuses a person who is not in the register', async () => {
    const { response } = await register('access', 'nobody')

    assert.equal(response.statusCode, 400)
    assert.match(response.body, /Velg personen henvendelsen gjelder/)
  })

  it('refuses a received date that is not a day of the calendar', async () => {
    const { response } = await register('access', world.kari, '2026-02-30')

    assert.equal(response.statusCode, 400)
    assert.match(response.body, /ÅÅÅÅ-MM-DD/)
  })

  it('refuses to extend the deadline without a reason', async () => {
    const { id } = await register('access', world.kari, '2026-11-02')
    const response = await post(id, 'extend', { reason: '  ' })
    const stored = await findRequest(t.context.db, id)

    assert.equal(response.statusCode, 400)
    assert.match(response.body, /Skriv hvorfor fristen forlenges/)
    assert.equal(stored?.extendedDueOn, null)
  })

  it('extends the deadline by two months with a reason', async () => {
    const { id } = await register('access', world.kari, '2026-11-02')
    const response = await post(id, 'extend', { reason: 'Mange henvendelser' })
    const stored = await findRequest(t.context.db, id)

    assert.equal(response.statusCode, 303)
    assert.deepEqual(
      [stored?.extendedDueOn, stored?.status],
      ['2027-02-02', 'extended'],
    )
  })

  it('closes a request once and refuses to close it again', async () => {
    const { id } = await register('objection', world.ola, '2026-11-02')
    const first = await post(id, 'close', { status: 'done', notes: 'Svar' })
    const again = await post(id, 'close', { status: 'refused', notes: '' })
    const stored = await findRequest(t.context.db, id)

    assert.deepEqual([first.statusCode, again.statusCode], [303, 400])
    assert.match(again.body, /avsluttet/)
    assert.equal(stored?.status, 'done')
  })

  it('refuses a status it does not know', async () => {
    const { id } = await register('objection', world.ola, '2026-11-02')
    const response = await post(id, 'close', { status: 'deleted' })

    assert.equal(response.statusCode, 400)
    assert.match(response.body, /ugyldige verdier/)
  })

  describe('the export download', () => {
    let exportId = ''
    let requestId = ''

    before(async () => {
      requestId = (await register('access', world.kari, '2026-11-02')).id
      await post(requestId, 'export', {})
      const files = await listExports(t.context.db, { requestId })
      exportId = files.find((f) => f.format === 'json')!.id
    })

    it('sends the file as an attachment that is never cached', async () => {
      const response = await officer.inject({
        method: 'GET',
        url: `/privacy/exports/${exportId}`,
      })

      assert.equal(response.statusCode, 200)
      assert.match(
        String(response.headers['content-disposition']),
        /^attachment; filename="innsyn-\d{4}-\d{2}-\d{2}\.json"/,
      )
      assert.equal(response.headers['cache-control'], 'no-store')
    })

    it('holds the person and not the other one', async () => {
      const response = await officer.inject({
        method: 'GET',
        url: `/privacy/exports/${exportId}`,
      })

      assert.equal(JSON.parse(response.body).person.name, KARI.name)
      assert.equal(response.body.includes(OLA.name), false)
    })

    it('is sent to an administrator too', async () => {
      const admin = await t.signIn('admin')
      const response = await admin.inject({
        method: 'GET',
        url: `/privacy/exports/${exportId}`,
      })

      assert.equal(response.statusCode, 200)
    })

    for (const role of ['accountant', 'manager', 'auditor'] as const) {
      it(`is refused to the ${role} role`, async () => {
        const other = await t.signIn(role)
        const response = await other.inject({
          method: 'GET',
          url: `/privacy/exports/${exportId}`,
        })

        assert.ok([403, 404].includes(response.statusCode))
        assert.equal(response.body.includes(KARI.name), false)
      })
    }

    it('answers 404 for an export that does not exist', async () => {
      const response = await officer.inject({
        method: 'GET',
        url: '/privacy/exports/00000000-0000-4000-8000-000000000000',
      })

      assert.equal(response.statusCode, 404)
    })

    it('refuses a new export on a closed request', async () => {
      const { id } = await register('access', world.kari, '2026-11-02')
      await post(id, 'close', { status: 'done' })
      const response = await post(id, 'export', {})

      assert.equal(response.statusCode, 400)
      assert.equal(
        (await listExports(t.context.db, { requestId: id })).length,
        0,
      )
    })
  })

  describe('restriction', () => {
    it('refuses to restrict without a reason', async () => {
      const { id } = await register('restriction', world.ola, '2026-11-02')
      const response = await post(id, 'restrict', { reason: '' })
      const state = await findSubjectState(t.context.db, world.ola)

      assert.equal(response.statusCode, 400)
      assert.match(response.body, /Skriv hvorfor behandlingen begrenses/)
      assert.equal(state?.restrictedAt ?? null, null)
    })

    it('restricts with a reason and shows it on the request page', async () => {
      const { id } = await register('restriction', world.ola, '2026-11-02')
      await post(id, 'restrict', { reason: 'Bestrider riktigheten' })
      const state = await findSubjectState(t.context.db, world.ola)
      const page = await officer.inject({
        method: 'GET',
        url: `/privacy/requests/${id}`,
      })

      assert.equal(state?.restrictionReason, 'Bestrider riktigheten')
      assert.match(page.body, /data-restricted="yes"/)
    })

    it('lifts the restriction', async () => {
      const { id } = await register('restriction', world.ola, '2026-11-02')
      await post(id, 'restrict', { reason: 'Bestrider riktigheten' })
      const response = await post(id, 'lift-restriction', {})
      const state = await findSubjectState(t.context.db, world.ola)

      assert.equal(response.statusCode, 303)
      assert.equal(state?.restrictedAt, null)
    })
  })

  describe('erasure', () => {
    it('refuses to erase on a request that is not about erasure', async () => {
      const { id } = await register('access', world.kari, '2026-11-02')
      const response = await post(id, 'erase', { confirm: 'yes' })
      const person = await findEmployee(t.context.db, world.kari)

      assert.equal(response.statusCode, 400)
      assert.match(response.body, /bare for en henvendelse om sletting/)
      assert.equal(person?.name, KARI.name)
    })

    it('refuses to erase without the confirmation', async () => {
      const { id } = await register('erasure', world.kari, '2026-11-02')
      const response = await post(id, 'erase', {})
      const person = await findEmployee(t.context.db, world.kari)

      assert.equal(response.statusCode, 400)
      assert.match(response.body, /Kryss av for at du vil slette/)
      assert.equal(person?.name, KARI.name)
    })

    it('erases with the confirmation and keeps the lines under a pseudonym', async () => {
      const { id } = await register('erasure', world.kari, '2026-11-02')
      const response = await post(id, 'erase', { confirm: 'yes' })
      const person = await findEmployee(t.context.db, world.kari)
      const state = await findSubjectState(t.context.db, world.kari)

      assert.equal(response.statusCode, 303)
      assert.match(person?.name ?? '', /^Person-[0-9a-f]{8}$/)
      assert.deepEqual([person?.email, state?.keepUntil], [null, '2031-12-31'])
    })

    it('refuses to erase the same person twice', async () => {
      const { id } = await register('erasure', world.kari, '2026-11-02')
      const response = await post(id, 'erase', { confirm: 'yes' })

      assert.equal(response.statusCode, 400)
      assert.match(response.body, /allerede slettet/)
    })
  })
})
