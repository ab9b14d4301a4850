import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { recordAudit, verifyAuditChain } from '../../src/privacy/audit.js'
import { runRetention } from '../../src/privacy/retention.js'
import { freshContext } from '../helpers/context.js'
import { buildWorld, OFFICER } from './requests-world.js'
import type { World } from './requests-world.js'

async function count(
  db: Awaited<ReturnType<typeof freshContext>>['db'],
  table: 'invoices' | 'employees',
) {
  return (await db.selectFrom(table).select('id').execute()).length
}

describe('the retention job', () => {
  let context: Awaited<ReturnType<typeof freshContext>>
  let world: World

  beforeEach(async () => {
    context = await freshContext()
    world = await buildWorld(context, 2020)
    await buildWorld(context, 2021)
  })
  afterEach(() => context.close())

  it('keeps 2020 invoices through the last day of 2025', async () => {
    const report = await runRetention(context, {
      now: new Date('2025-12-31T12:00:00Z'),
    })

    assert.equal(report.counts.invoices, 0)
  })

  it('deletes 2020 invoices and only those on 1 January 2026', async () => {
    await runRetention(context, { now: new Date('2026-01-01T12:00:00Z') })
    const left = await context.db
      .selectFrom('invoices')
      .select('issue_date')
      .execute()

    assert.deepEqual(left.map((i) => i.issue_date!.slice(0, 4)).sort(), [
      '2021',
      '2021',
    ])
  })

  it('keeps invoices longer when the organisation sets seven years', async () => {
    context.config.retentionInvoiceYears = 7
    const report = await runRetention(context, {
      now: new Date('2026-01-01T12:00:00Z'),
    })

    assert.equal(report.counts.invoices, 0)
  })

  it('changes nothing on a dry run', async () => {
    const report = await runRetention(context, {
      now: new Date('2026-01-01T12:00:00Z'),
      dryRun: true,
    })

    assert.equal(report.counts.invoices, 2)
    assert.equal(await count(context.db, 'invoices'), 4)
  })

  it('pseudonymises a leaver once their period has passed', async () => {
    await context.db
      .updateTable('employees')
      .set({ end_date: '2024-06-30' })
      .where('id', '=', world.ola)
      .execute()
    const early = await runRetention(context, {
      now: new Date('2025-06-30T12:00:00Z'),
    })
    await runRetention(context, { now: new Date('2025-07-01T12:00:00Z') })
    const ola = await context.db
      .selectFrom('employees')
      .select('name')
      .where('id', '=', world.ola)
      .executeTakeFirst()

    assert.equal(early.counts.pseudonymised, 0)
    assert.match(ola!.name, /^Person-/)
  })

  it('deletes old audit entries and the chain still verifies', async () => {
    await recordAudit(
      context,
      { actor: OFFICER, action: 'old', subjectType: 'x' },
      new Date('2014-01-01T00:00:00Z'),
    )
    await recordAudit(
      context,
      { actor: OFFICER, action: 'new', subjectType: 'x' },
      new Date('2024-06-01T00:00:00Z'),
    )
    const report = await runRetention(context, {
      now: new Date('2025-01-01T00:00:00Z'),
    })
    const chain = await verifyAuditChain(context.db)

    assert.equal(report.counts.auditEntries, 1)
    assert.equal(chain.ok, true)
  })
})
