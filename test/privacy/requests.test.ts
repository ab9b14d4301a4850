import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  addMonths,
  closeRequest,
  extendRequest,
  registerRequest,
  requestRegister,
} from '../../src/privacy/requests.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { freshContext } from '../helpers/context.js'
import { buildWorld, OFFICER } from './requests-world.js'
import type { World } from './requests-world.js'

describe('the request deadline', () => {
  it('is one month after receipt', () => {
    assert.equal(addMonths('2026-03-14', 1), '2026-04-14')
  })

  it('falls on the last day of a shorter month', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28')
  })
})

describe('the request register', () => {
  let context: Awaited<ReturnType<typeof freshContext>>
  let world: World

  before(async () => {
    context = await freshContext()
    world = await buildWorld(context)
  })
  after(() => context.close())

  it('refuses a person who is not in the register', async () => {
    const out = await registerRequest(context, OFFICER, {
      type: 'access',
      employeeId: 'nobody',
      receivedOn: '2026-11-01',
      notes: null,
    })

    assert.equal(out.ok ? null : out.problem.code, 'request-person')
  })

  it('extends the deadline by two months with a reason', async () => {
    const made = await registerRequest(context, OFFICER, {
      type: 'erasure',
      employeeId: world.kari,
      receivedOn: '2026-10-10',
      notes: null,
    })
    assert.ok(made.ok)
    const out = await extendRequest(
      context,
      OFFICER,
      made.request.id,
      'Mange henvendelser',
    )

    assert.equal(out.ok && out.request.deadline, '2027-01-10')
  })

  it('puts overdue requests first and marks soon-due ones', async () => {
    const now = new Date('2026-12-01T10:00:00Z')
    for (const receivedOn of ['2026-10-20', '2026-11-05', '2026-11-30']) {
      await registerRequest(
        context,
        OFFICER,
        {
          type: 'access',
          employeeId: world.ola,
          receivedOn,
          notes: null,
        },
        now,
      )
    }
    const list = await requestRegister(context, now, world.ola)

    assert.deepEqual(
      list.map((r) => r.urgency),
      ['overdue', 'soon', 'ok'],
    )
  })

  it('closes a request and records who handled it', async () => {
    const made = await registerRequest(context, OFFICER, {
      type: 'objection',
      employeeId: world.ola,
      receivedOn: '2026-11-01',
      notes: null,
    })
    assert.ok(made.ok)
    await closeRequest(context, OFFICER, made.request.id, 'done', 'Svar sendt')
    const entries = await listAuditEntries(context.db, { personRef: world.ola })

    assert.ok(entries.some((e) => e.action === 'subject-request.done'))
  })
})
