import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { parse, stringify } from 'yaml'
import { verifyAuditChain } from '../../src/privacy/audit.js'
import { recordPdf } from '../../src/privacy/records-pdf.js'
import {
  currentRecord,
  loadShippedRecord,
  parseRecordYaml,
  retentionInEffect,
  saveRecord,
  SHIPPED_RECORD,
} from '../../src/privacy/records.js'
import { listAuditEntries } from '../../src/store/audit.js'
import { freshContext } from '../helpers/context.js'

type Context = Awaited<ReturnType<typeof freshContext>>

const officer = { userId: 'u-privacy', name: 'Pia Personvern' }

function shippedDocument(): Record<string, unknown> {
  return parse(readFileSync(SHIPPED_RECORD, 'utf8')) as Record<string, unknown>
}

describe('shipped record of processing activities', () => {
  it('validates against the schema', () => {
    const record = loadShippedRecord().record

    assert.deepEqual(
      record.activities.map((a) => a.id),
      ['cost-allocation', 'accounting-documentation', 'cost-control'],
    )
  })

  it('names both legal bases and no third-country transfer', () => {
    const record = loadShippedRecord().record
    const bases = record.activities.flatMap((a) =>
      a.legalBasis.map((b) => b.article),
    )

    assert.deepEqual([...new Set(bases)].sort(), [
      'GDPR art. 6 nr. 1 bokstav b',
      'GDPR art. 6 nr. 1 bokstav c',
    ])
  })
})

describe('record validation', () => {
  it('names the path of a missing purpose', () => {
    const doc = shippedDocument()
    const activities = doc['activities'] as Array<Record<string, unknown>>
    delete activities[1]!['purpose']

    const check = parseRecordYaml(stringify(doc))

    assert.deepEqual(check.ok ? [] : check.problems.map((p) => p.detail), [
      'activities[1].purpose: må være tekst og kan ikke være tom',
    ])
  })

  it('refuses a data category list that is not a list', () => {
    const doc = shippedDocument()
    const activities = doc['activities'] as Array<Record<string, unknown>>
    activities[0]!['dataCategories'] = 'navn'

    const check = parseRecordYaml(stringify(doc))

    assert.equal(check.ok ? '' : check.problems[0]!.code, 'record-invalid')
  })

  it('reports text that is not YAML', () => {
    const check = parseRecordYaml('activities: [unclosed\n  - x: :')

    assert.equal(check.ok ? '' : check.problems[0]!.code, 'record-yaml')
  })
})

describe('record in force', () => {
  let context: Context
  before(async () => {
    context = await freshContext({ dpoName: 'Ola Ombud', dpoEmail: 'po@x.no' })
  })
  after(() => context.close())

  it('takes the data protection officer from the settings', async () => {
    const { record } = await currentRecord(context)

    assert.deepEqual(
      [record.dpo.name, record.dpo.email],
      ['Ola Ombud', 'po@x.no'],
    )
  })

  it('stores an edit as a new version the page then shows', async () => {
    const yaml = readFileSync(SHIPPED_RECORD, 'utf8').replace(
      'Intern kostnadskontroll og budsjettering',
      'Kostnadskontroll',
    )
    await saveRecord(context, officer, yaml)

    const current = await currentRecord(context)

    assert.deepEqual(
      [current.version, current.record.activities[2]!.name],
      [1, 'Kostnadskontroll'],
    )
  })

  it('audits an edit with the text before and after', async () => {
    const [entry] = await listAuditEntries(context.db, {})
    const details = JSON.parse(entry!.details) as Record<string, string>

    assert.deepEqual(
      [
        entry!.action,
        details['before']!.includes('Intern kostnadskontroll'),
        details['after']!.includes(
          '- id: cost-control\n    name: Kostnadskontroll',
        ),
      ],
      ['records.update', true, true],
    )
  })

  it('keeps the version in force when an edit is invalid', async () => {
    const outcome = await saveRecord(context, officer, 'version: x')
    const current = await currentRecord(context)

    assert.deepEqual([outcome.ok, current.version], [false, 1])
  })

  it('leaves the audit chain whole after edits', async () => {
    assert.equal((await verifyAuditChain(context.db)).ok, true)
  })
})

describe('retention in the record', () => {
  it('leaves out the setting that says how often the job runs', () => {
    const config = { retentionAuditYears: 10, retentionIntervalHours: 24 }

    assert.deepEqual(
      retentionInEffect(config as never).map((r) => r.key),
      ['retentionAuditYears'],
    )
  })

  it('shows the documented default when nothing is set', () => {
    const config = { dpoName: null } as never

    assert.match(retentionInEffect(config)[0]!.value, /5 år .*§ 13/)
  })

  it('shows each retention setting that is set', () => {
    const config = { retentionInvoiceYears: 7, port: 1 } as never

    assert.deepEqual(retentionInEffect(config), [
      {
        key: 'retentionInvoiceYears',
        value:
          'Fakturaer og spesifikasjoner: 7 år etter utgangen av regnskapsåret (bokføringsloven § 13)',
      },
    ])
  })
})

describe('record as PDF', () => {
  let dir: string
  let text: string
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'telekost-records-'))
    const bytes = await recordPdf(loadShippedRecord().record, [
      { key: 'retentionInvoiceYears', value: '7' },
    ])
    writeFileSync(join(dir, 'records.pdf'), bytes)
    text = execFileSync('pdftotext', ['-layout', join(dir, 'records.pdf'), '-'])
      .toString('utf8')
      .replace(/\s+/g, ' ')
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('opens in pdftotext with every activity in it', () => {
    for (const name of [
      'Fordeling av telekostnader på kostnadssteder',
      'Regnskapsdokumentasjon etter bokføringsloven',
      'Intern kostnadskontroll og budsjettering',
    ]) {
      assert.ok(text.includes(name), name)
    }
  })

  it('carries the retention setting in force', () => {
    assert.ok(text.includes('retentionInvoiceYears: 7'))
  })
})
