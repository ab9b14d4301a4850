import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { UPLOAD_LIMITS } from '../../../src/ingest/limits.js'
import { xlsReader, xlsxReader } from '../../../src/ingest/spreadsheet/index.js'
import { renderRowsXls, renderRowsXlsx } from '../../helpers/generate/xlsx.js'
import type { GeneratedCell } from '../../helpers/generate/xlsx.js'
import { minimalXlsx, sheetXml } from './zip-writer.js'

const { maxRows, maxColumns } = UPLOAD_LIMITS.sheet
const HEADER = [['Telefonnummer', 'Tjeneste', 'Beløp']]
const LINE = [['926 01 815', 'Abonnement', '100,00']]

function codes(problems: { code: string }[]): string[] {
  return problems.map((p) => p.code)
}

function cellAtRow(row: number): string {
  return sheetXml([...HEADER, ...LINE], '', '').replace(
    '</sheetData>',
    `<row r="${row}"><c r="A${row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>`,
  )
}

describe('sheet limits', () => {
  it('reads a sheet whose last row is at the row limit', async () => {
    const result = await xlsxReader.read(minimalXlsx(cellAtRow(maxRows)), {})

    assert.ok(result.ok, JSON.stringify(result.problems))
  })

  it('refuses a sheet with a row past the row limit', async () => {
    const result = await xlsxReader.read(
      minimalXlsx(cellAtRow(maxRows + 1)),
      {},
    )

    assert.deepEqual(codes(result.problems), ['sheet-too-large'])
  })

  it('reads a sheet at the column limit', async () => {
    const wide = [...HEADER[0]!, ...Array(maxColumns - 3).fill('x')]
    const bytes = await renderRowsXlsx([
      { name: 'Ark1', rows: [wide, LINE[0]!] },
    ])

    assert.ok((await xlsxReader.read(bytes, {})).ok)
  })

  it('refuses a sheet with a column past the column limit', async () => {
    const wide = [...HEADER[0]!, ...Array(maxColumns - 2).fill('x')]
    const bytes = await renderRowsXlsx([
      { name: 'Ark1', rows: [wide, LINE[0]!] },
    ])
    const result = await xlsxReader.read(bytes, {})

    assert.deepEqual(codes(result.problems), ['sheet-too-large'])
  })

  it('refuses an .xls with a column past the column limit', async () => {
    const wide: GeneratedCell[] = [
      ...HEADER[0]!,
      ...Array(maxColumns - 2).fill('x'),
    ]
    const bytes = renderRowsXls([{ name: 'Ark1', rows: [wide, LINE[0]!] }])
    const result = await xlsReader.read(bytes, {})

    assert.deepEqual(codes(result.problems), ['sheet-too-large'])
  })

  it('does not expand a merged range covering the whole sheet', async () => {
    const xml = sheetXml(
      [...HEADER, ...LINE],
      '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
      '<dimension ref="A1:XFD1048576"/><cols><col min="1" max="16384" width="9"/></cols>',
    )
    const started = performance.now()
    const result = await xlsxReader.read(minimalXlsx(xml), {})

    assert.ok(result.ok && result.draft.header.payableOre === 12500)
    assert.ok(performance.now() - started < 1_000)
  })
})

describe('hostile XLSX packages', () => {
  it('refuses an entry that inflates past its declared size', async () => {
    const xml = sheetXml([...HEADER, ...LINE])
    const bytes = minimalXlsx(xml, { 'xl/worksheets/sheet1.xml': 100 })
    const result = await xlsxReader.read(bytes, {})

    assert.deepEqual(codes(result.problems), ['xlsx-unreadable'])
  })

  it('refuses entries declaring more than the unpacked limit', async () => {
    const xml = sheetXml([...HEADER, ...LINE])
    const bytes = minimalXlsx(xml, {
      'xl/worksheets/sheet1.xml': UPLOAD_LIMITS.zip.maxUncompressedBytes + 1,
    })
    const result = await xlsxReader.read(bytes, {})

    assert.deepEqual(codes(result.problems), ['xlsx-unreadable'])
  })

  it('refuses a sheet part with a DOCTYPE', async () => {
    const xml = `<!DOCTYPE x [<!ENTITY a "aaaa">]>${sheetXml([...HEADER, ...LINE])}`
    const result = await xlsxReader.read(minimalXlsx(xml), {})

    assert.deepEqual(codes(result.problems), ['xlsx-unreadable'])
  })

  it('refuses bytes that are not a ZIP', async () => {
    const result = await xlsxReader.read(new TextEncoder().encode('a;b'), {})

    assert.deepEqual(codes(result.problems), ['xlsx-unreadable'])
  })

  it('refuses an .xls that is not a CFB container', async () => {
    const result = await xlsReader.read(new TextEncoder().encode('a;b'), {})

    assert.deepEqual(codes(result.problems), ['xls-unreadable'])
  })
})
