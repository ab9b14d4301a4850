import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { checkUpload } from '../../../src/ingest/intake/index.js'
import type { Upload } from '../../../src/ingest/intake/index.js'
import * as hostile from '../../helpers/hostile.js'
import { fixture } from '../../helpers/paths.js'

async function refusal(
  filename: string,
  bytes: Uint8Array,
  kind: Upload['kind'] = 'invoice',
) {
  const result = await checkUpload({ filename, bytes, kind })
  assert.ok(!result.ok, `${filename} was accepted`)

  return result
}

const text = (s: string) => new TextEncoder().encode(s)

describe('hostile uploads', () => {
  it('refuses an XLSX with a zip bomb inside', async () => {
    const result = await refusal('a.xlsx', hostile.zipBombXlsx())

    assert.equal(result.problem.code, 'zip-bomb')
  })

  it('refuses an XLSX entry whose headers understate its size', async () => {
    const result = await refusal('a.xlsx', hostile.lyingSizeXlsx())

    assert.equal(result.problem.code, 'zip-size-mismatch')
  })

  it('refuses an XLSX with more entries than the limit', async () => {
    const result = await refusal('a.xlsx', hostile.manyEntryXlsx())

    assert.equal(result.problem.code, 'zip-too-many-entries')
  })

  for (const name of [
    '../../x.xml',
    '/etc/cron.d/x',
    'C:/x.xml',
    'xl\\..\\..\\x',
  ]) {
    it(`refuses an XLSX entry named ${JSON.stringify(name)}`, async () => {
      const result = await refusal('a.xlsx', hostile.traversalXlsx(name))

      assert.equal(result.problem.code, 'zip-entry-path')
    })
  }

  it('refuses an XLS whose sector chain loops', async () => {
    const result = await refusal('a.xls', hostile.sectorLoopXls())

    assert.equal(result.problem.code, 'cfb-sector-loop')
  })

  it('refuses EHF with an external entity', async () => {
    const result = await refusal('a.xml', text(hostile.xxeXml()))

    assert.equal(result.problem.code, 'xml-doctype')
  })

  it('refuses EHF with entity expansion', async () => {
    const result = await refusal('a.xml', text(hostile.billionLaughsXml()))

    assert.equal(result.problem.code, 'xml-doctype')
  })

  it('refuses a PDF that is also a ZIP', async () => {
    const result = await refusal('a.pdf', hostile.polyglotPdfZip())

    assert.equal(result.problem.code, 'polyglot')
  })

  it('refuses a ZIP behind a PDF header uploaded as XLSX', async () => {
    const result = await refusal('a.xlsx', hostile.polyglotPdfZip())

    assert.equal(result.problem.code, 'polyglot')
  })

  it('refuses a ZIP with bytes of another format before it', async () => {
    const bytes = hostile.concat([text('MZ\u0090\u0000'), hostile.plainXlsx()])
    const result = await refusal('a.xlsx', bytes)

    assert.equal(result.problem.code, 'polyglot')
  })

  const mismatches: Array<[string, string[]]> = [
    ['faktura.xlsx', ['telia', '2026-11', 'invoice.pdf']],
    ['faktura.pdf', ['telia', '2026-11', 'spesifikasjon.xlsx']],
    ['faktura.xls', ['telia', '2026-11', 'spesifikasjon.xlsx']],
    ['faktura.xlsx', ['telia', '2026-11', 'spesifikasjon.xls']],
    ['faktura.xml', ['telia', '2026-11', 'invoice.pdf']],
    ['ansatte.csv', ['register', 'ansatte.xlsx']],
  ]
  for (const [name, path] of mismatches) {
    it(`refuses ${path.at(-1)} named ${name}`, async () => {
      const bytes = await readFile(fixture(...path))
      const kind = name.endsWith('.csv') ? 'register' : 'invoice'
      const result = await refusal(name, bytes, kind)

      assert.equal(result.problem.code, 'extension-mismatch')
    })
  }

  it('refuses a PDF cut off before its end', async () => {
    const bytes = await readFile(fixture('telia', '2026-11', 'invoice.pdf'))
    const result = await refusal('a.pdf', bytes.subarray(0, bytes.length / 2))

    assert.equal(result.problem.code, 'pdf-damaged')
  })

  it('says what is wrong and what to do', async () => {
    const result = await refusal('a.xlsx', hostile.zipBombXlsx())

    assert.match(result.problem.message, /zip-bombe.*Lagre regnearket på nytt/s)
  })

  it('rates a crafted container as hostile', async () => {
    const result = await refusal('a.xls', hostile.sectorLoopXls())

    assert.equal(result.severity, 8)
  })
})
