import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { listAuditEntries } from '../../src/store/audit.js'
import {
  collectSubjectData,
  exportSubjectData,
  subjectWorkbook,
} from '../../src/privacy/subject-export.js'
import { registerRequest } from '../../src/privacy/requests.js'
import { freshContext } from '../helpers/context.js'
import { buildWorld, KARI, MOVED, OFFICER, OLA } from './requests-world.js'
import type { World } from './requests-world.js'

describe('the access export', () => {
  let context: Awaited<ReturnType<typeof freshContext>>
  let world: World

  before(async () => {
    context = await freshContext()
    world = await buildWorld(context)
  })
  after(() => context.close())

  it('holds every line charged to the person, in their periods', async () => {
    const data = (await collectSubjectData(context, world.kari))!

    assert.deepEqual(
      data.lines.map((l) => `${l.invoiceNumber}:${l.netOre}`).sort(),
      ['O2026:11000', 'S2026:10000', 'S2026:2000'],
    )
  })

  it('holds nothing of the other person', async () => {
    const data = (await collectSubjectData(context, world.kari))!
    const text = JSON.stringify(data)

    assert.equal(text.includes(OLA.name), false)
    assert.equal(text.includes(OLA.email), false)
    assert.equal(text.includes(world.ola), false)
    assert.equal(text.includes('Ola'), false)
  })

  it('gives the other person only their own part of the moved number', async () => {
    const data = (await collectSubjectData(context, world.ola))!

    assert.deepEqual(
      data.lines.map((l) => `${l.invoiceNumber}:${l.phone}:${l.netOre}`).sort(),
      [`O2026:${MOVED}:7000`, `S2026:${MOVED}:3000`],
    )
    assert.equal(JSON.stringify(data).includes(KARI.name), false)
  })

  it('holds register data, number history and allocations', async () => {
    const data = (await collectSubjectData(context, world.kari))!

    assert.equal(data.person.email, KARI.email)
    assert.deepEqual(data.numbers.map((n) => n.phone).sort(), [KARI.own, MOVED])
    assert.equal(data.allocations.length, 3)
  })

  it('writes a workbook whose cells are values and never formulas', async () => {
    const data = (await collectSubjectData(context, world.kari))!
    data.person.department = '=HYPERLINK("http://x")'
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await subjectWorkbook(data)) as never)
    const cells: ExcelJS.Cell[] = []
    book.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => cells.push(c))))

    assert.equal(
      cells.some((c) => c.type === ExcelJS.ValueType.Formula),
      false,
    )
    assert.ok(cells.some((c) => c.value === '=HYPERLINK("http://x")'))
  })

  it('stores both files in the vault and records who exported whose data', async () => {
    const made = await registerRequest(context, OFFICER, {
      type: 'access',
      employeeId: world.kari,
      receivedOn: '2026-11-02',
      notes: null,
    })
    assert.ok(made.ok)
    const out = (await exportSubjectData(context, OFFICER, made.request))!
    const json = await context.vault.get(out.json.fileId, out.json.keyId)
    const entries = await listAuditEntries(context.db, {
      personRef: world.kari,
    })

    assert.equal(JSON.parse(json.toString()).person.name, KARI.name)
    assert.ok(entries.some((e) => e.action === 'subject-data.export'))
  })
})
