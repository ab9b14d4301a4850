import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { LayoutProfile } from '../../../src/ingest/profile.js'
import {
  describeSheetColumns,
  teliaSheetProfile,
  xlsxReader,
} from '../../../src/ingest/spreadsheet/index.js'
import { renderSpecXlsx } from '../../helpers/generate/xlsx.js'
import { sampleDraft } from './sample-draft.js'

const draft = sampleDraft(2)
const oddHeaders = {
  phone: 'Nr.',
  description: 'Hva',
  net: 'Kroner',
}

function mappedProfile(): LayoutProfile {
  return {
    ...teliaSheetProfile,
    id: 'saved-mapping',
    sheet: {
      columns: {},
      mapping: { phone: 'Nr.', description: 'Hva', net: 'Kroner' },
    },
  }
}

describe('unrecognised columns', () => {
  it('are refused with a problem naming the missing fields', async () => {
    const bytes = await renderSpecXlsx(draft, { headers: oddHeaders })
    const result = await xlsxReader.read(bytes, {})
    const problem = result.problems[0]!

    assert.equal(problem.code, 'columns-unrecognised')
    assert.match(problem.message, /telefonnummer, tjeneste, beløp/)
  })

  it('come with the header row and its headers for a mapping', async () => {
    const bytes = await renderSpecXlsx(draft, { headers: oddHeaders })
    const result = await xlsxReader.read(bytes, {})
    const detail = JSON.parse(result.problems[0]!.detail!)

    assert.equal(detail.headerRow, 4)
    assert.deepEqual(detail.headers.slice(2, 6), [
      'Nr.',
      'Bruker',
      'Kategori',
      'Hva',
    ])
  })

  it('are read through a saved mapping', async () => {
    const bytes = await renderSpecXlsx(draft, { headers: oddHeaders })
    const result = await xlsxReader.read(bytes, { profile: mappedProfile() })

    assert.equal(
      result.ok && result.draft.header.payableOre,
      draft.header.payableOre,
    )
  })

  it('give way to a saved mapping over the synonyms', async () => {
    const bytes = await renderSpecXlsx(draft)
    const profile = mappedProfile()
    profile.sheet!.mapping = { net: 'Beløp inkl. mva' }
    const result = await xlsxReader.read(bytes, { profile })
    const line = result.ok && result.draft.subscriptions[0]!.lines[0]!

    assert.equal(line && line.netOre, 32693)
  })
})

describe('describeSheetColumns', () => {
  it('offers the header row first among the candidates', async () => {
    const bytes = await renderSpecXlsx(draft, { headers: oddHeaders })
    const described = await describeSheetColumns(bytes, 'xlsx')
    const first = described.ok && described.sheets[0]!.candidates[0]!

    assert.equal(first && first.headerRow, 4)
  })

  it('names the fields a mapping can set and which are required', async () => {
    const bytes = await renderSpecXlsx(draft)
    const described = await describeSheetColumns(bytes, 'xlsx')

    assert.deepEqual(described.ok && described.required, [
      'phone',
      'description',
      'net',
    ])
  })
})
