import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { checkUpload } from '../../../src/ingest/intake/index.js'
import type { Upload } from '../../../src/ingest/intake/index.js'
import { cfb, plainXlsx, xlsx, sheet } from '../../helpers/hostile.js'
import { fixture } from '../../helpers/paths.js'

async function fixtureUpload(
  kind: Upload['kind'],
  filename: string,
  ...path: string[]
): Promise<Upload> {
  return { kind, filename, bytes: await readFile(fixture(...path)) }
}

describe('checkUpload with real files', () => {
  const cases: Array<[string, Upload['kind'], string, string[]]> = [
    ['pdf', 'invoice', 'faktura.pdf', ['telia', '2026-11', 'invoice.pdf']],
    [
      'xlsx',
      'invoice',
      'spes.xlsx',
      ['telia', '2026-11', 'spesifikasjon.xlsx'],
    ],
    ['xls', 'invoice', 'spes.xls', ['telia', '2026-11', 'spesifikasjon.xls']],
    ['ehf', 'invoice', 'faktura.xml', ['telia', '2026-11', 'invoice-ehf.xml']],
    [
      'ehf',
      'invoice',
      'kreditnota.xml',
      ['ehf-examples', 'base-creditnote-correction.xml'],
    ],
    [
      'ehf',
      'invoice',
      'eksempel.xml',
      ['ehf-examples', 'Norwegian-example-1.xml'],
    ],
    ['csv', 'register', 'ansatte.csv', ['register', 'ansatte.csv']],
    ['xlsx', 'register', 'ansatte.xlsx', ['register', 'ansatte.xlsx']],
  ]
  for (const [format, kind, filename, path] of cases) {
    it(`accepts ${path.join('/')} as ${format}`, async () => {
      const result = await checkUpload(
        await fixtureUpload(kind, filename, ...path),
      )

      assert.deepEqual(result, { ok: true, format, safeName: filename })
    })
  }

  it('accepts an upper-case extension', async () => {
    const upload = await fixtureUpload(
      'invoice',
      'FAKTURA.PDF',
      'telia',
      '2026-11',
      'invoice.pdf',
    )

    assert.ok((await checkUpload(upload)).ok)
  })

  it('refuses an extension not allowed for the kind', async () => {
    const upload = await fixtureUpload(
      'register',
      'faktura.pdf',
      'telia',
      '2026-11',
      'invoice.pdf',
    )
    const result = await checkUpload(upload)
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'file-type-not-allowed')
  })

  it('refuses a name without an extension', async () => {
    const result = await checkUpload({
      filename: 'faktura',
      bytes: plainXlsx(),
      kind: 'invoice',
    })
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'file-type-not-allowed')
  })

  it('refuses an empty file', async () => {
    const result = await checkUpload({
      filename: 'a.csv',
      bytes: new Uint8Array(),
      kind: 'register',
    })
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'file-empty')
  })

  it('accepts an XLS whose workbook stream is called Book', async () => {
    const result = await checkUpload({
      filename: 'gammel.xls',
      bytes: cfb({ streamName: 'Book' }),
      kind: 'invoice',
    })

    assert.ok(result.ok)
  })

  it('refuses a compound file without a workbook', async () => {
    const bytes = cfb({ streamName: 'WordDocument' })
    const result = await checkUpload({
      filename: 'dokument.xls',
      bytes,
      kind: 'invoice',
    })
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'xls-no-workbook')
  })

  it('refuses a ZIP without a workbook part', async () => {
    const bytes = xlsx(sheet('')).slice()
    const renamed = Buffer.from(bytes)
      .toString('latin1')
      .replaceAll('xl/workbook.xml', 'xl/notebook.xml')
    const result = await checkUpload({
      filename: 'a.xlsx',
      bytes: Buffer.from(renamed, 'latin1'),
      kind: 'invoice',
    })
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'xlsx-no-workbook')
  })

  it('refuses XML that is not a UBL invoice', async () => {
    const bytes = new TextEncoder().encode(
      '<?xml version="1.0"?><Invoice xmlns="urn:example"><ID>1</ID></Invoice>',
    )
    const result = await checkUpload({
      filename: 'a.xml',
      bytes,
      kind: 'invoice',
    })
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'xml-not-ehf')
  })

  it('refuses a CSV that is not UTF-8', async () => {
    const bytes = Uint8Array.from([0x4e, 0x61, 0x76, 0x6e, 0x3b, 0xd8, 0x0a])
    const result = await checkUpload({
      filename: 'a.csv',
      bytes,
      kind: 'register',
    })
    assert.ok(!result.ok)

    assert.equal(result.problem.code, 'csv-not-text')
  })
})
