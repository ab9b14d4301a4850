import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { verifyCommand } from '../../src/cli/audit.js'
import { checkAuditChain } from '../../src/privacy/audit-check.js'
import { auditCsv } from '../../src/privacy/audit-export.js'
import { recordAudit, verifyAuditChain } from '../../src/privacy/audit.js'
import type { AuditInput } from '../../src/privacy/audit.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { listSecurityEvents } from '../../src/store/security-events.js'
import { freshContext } from '../helpers/context.js'

type Context = Awaited<ReturnType<typeof freshContext>>

function entry(n: number): AuditInput {
  return {
    actor: { userId: 'u-1', name: 'Kari Revisor' },
    action: 'invoice.view',
    subjectType: 'invoice',
    subjectId: `invoice-${n}`,
    personRef: n % 2 === 0 ? 'emp-even' : 'emp-odd',
    purpose: 'kontroll av faktura',
    details: { n },
  }
}

async function chainOf(context: Context, length: number) {
  for (let n = 1; n <= length; n++) await recordAudit(context, entry(n))
}

describe('audit chain', () => {
  let context: Context
  before(async () => {
    context = await freshContext()
  })
  after(() => context.close())

  it('verifies an untouched chain', async () => {
    await chainOf(context, 5)

    const report = await verifyAuditChain(context.db)

    assert.deepEqual([report.ok, report.checked], [true, 5])
  })

  it('keeps one chain when 20 appends run in parallel', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => recordAudit(context, entry(i))),
    )

    const report = await verifyAuditChain(context.db)

    assert.deepEqual([report.ok, report.checked], [true, 25])
  })
})

describe('audit chain tampering', () => {
  let context: Context
  before(async () => {
    context = await freshContext()
  })
  after(() => context.close())

  it('fails at the row whose purpose was edited with SQL', async () => {
    await chainOf(context, 6)
    await sql`update audit_log set purpose = 'noe annet' where seq = 4`.execute(
      context.db,
    )

    const report = await verifyAuditChain(context.db)

    assert.deepEqual([report.broken?.kind, report.broken?.seq], ['hash', 4])
  })
})

describe('audit chain deletion', () => {
  let context: Context
  before(async () => {
    context = await freshContext()
  })
  after(() => context.close())

  it('fails where a deleted row is missing', async () => {
    await chainOf(context, 6)
    await sql`delete from audit_log where seq = 3`.execute(context.db)

    const report = await verifyAuditChain(context.db)

    assert.deepEqual(report.broken, { kind: 'gap', seq: 4, expected: 3 })
  })

  it('records a broken chain as a security event of severity 9', async () => {
    await checkAuditChain(context)

    const events = await listSecurityEvents(context.db, {
      type: 'audit-chain-broken',
    })

    assert.deepEqual(
      events.map((e) => [e.severity, e.details['seq']]),
      [[9, 4]],
    )
  })
})

describe('audit entries', () => {
  let context: Context
  before(async () => {
    context = await freshContext()
  })
  after(() => context.close())

  it('masks phone numbers and redacts secrets in the details', async () => {
    const written = await recordAudit(context, {
      ...entry(1),
      details: { phone: '+4791234567', password: 'hemmelig', note: 'ok' },
    })

    assert.deepEqual(JSON.parse(written.details), {
      note: 'ok',
      password: '[redacted]',
      phone: '*********67',
    })
  })

  it('filters by person', async () => {
    await chainOf(context, 4)

    const found = await listAuditEntries(context.db, { personRef: 'emp-odd' })

    assert.deepEqual(
      found.map((e) => e.subjectId),
      ['invoice-3', 'invoice-1', 'invoice-1'],
    )
  })

  it('neutralises a cell that starts like a formula in the CSV', async () => {
    const written = await recordAudit(context, {
      ...entry(9),
      actor: { userId: null, name: '=HYPERLINK("x")' },
    })

    const csv = auditCsv([written]).toString('utf8')

    assert.match(csv, /;"'=HYPERLINK\(""x""\)";/)
  })
})

describe('telekost audit verify', () => {
  let context: Context
  before(async () => {
    context = await freshContext()
    await chainOf(context, 3)
  })
  after(() => context.close())

  async function quietly(run: () => Promise<number>): Promise<number> {
    const log = console.log
    console.log = () => {}
    try {
      return await run()
    } finally {
      console.log = log
    }
  }

  it('exits 0 on a whole chain', async () => {
    assert.equal(await quietly(() => verifyCommand(context, false)), 0)
  })

  it('exits 1 once a row is altered', async () => {
    await sql`update audit_log set details = '{"n":9}' where seq = 2`.execute(
      context.db,
    )

    assert.equal(await quietly(() => verifyCommand(context, true)), 1)
  })
})
