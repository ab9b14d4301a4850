import type { Problem } from '../../domain/invoice.js'
import type { LayoutProfile } from '../profile.js'
import type { Sheet } from './book.js'
import { headerTexts, leadingRows, matchColumns } from './columns.js'
import type { SheetField } from './layout.js'
import { loadBook } from './load.js'
import type { SheetFormat } from './load.js'
import { resolveLayout } from './resolve-layout.js'
import type { ResolvedLayout } from './resolve-layout.js'

export interface HeaderCandidate {
  /** The row as the spreadsheet numbers it, from 1. */
  headerRow: number
  /** Header text per column, '' for an empty one. */
  headers: string[]
  /** The fields the synonyms already recognise, by header text. */
  recognised: Partial<Record<SheetField, string>>
}

export interface SheetColumns {
  sheet: string
  candidates: HeaderCandidate[]
}

export type SheetColumnsResult =
  | {
      ok: true
      sheets: SheetColumns[]
      fields: SheetField[]
      required: SheetField[]
    }
  | { ok: false; problems: Problem[] }

const MAX_CANDIDATES = 5

/**
 * The rows that could be a sheet's header, most recognisable first, for
 * the page where a user maps an unrecognised layout's columns once.
 */
export async function describeSheetColumns(
  bytes: Uint8Array,
  format: SheetFormat,
  profile?: LayoutProfile,
): Promise<SheetColumnsResult> {
  const loaded = loadBook(bytes, format)
  if (!loaded.ok) return loaded
  const layout = resolveLayout(profile)

  return {
    ok: true,
    sheets: loaded.book.sheets.map((sheet) => describeSheet(sheet, layout)),
    fields: Object.keys(layout.columns) as SheetField[],
    required: layout.required,
  }
}

function describeSheet(sheet: Sheet, layout: ResolvedLayout): SheetColumns {
  const candidates = leadingRows(sheet)
    .map((rowIndex) => candidate(sheet, rowIndex, layout))
    .filter((c) => c.headers.filter((h) => isLabel(h)).length >= 2)
    .sort(
      (a, b) =>
        Object.keys(b.recognised).length - Object.keys(a.recognised).length,
    )

  return { sheet: sheet.name, candidates: candidates.slice(0, MAX_CANDIDATES) }
}

function candidate(
  sheet: Sheet,
  rowIndex: number,
  layout: ResolvedLayout,
): HeaderCandidate {
  const headers = headerTexts(sheet.rows[rowIndex])
  const columns = matchColumns(headers, {
    synonyms: layout.columns,
    required: layout.required,
  })
  const recognised: Partial<Record<SheetField, string>> = {}
  for (const [field, at] of Object.entries(columns)) {
    recognised[field as SheetField] = headers[at as number]!
  }

  return { headerRow: rowIndex + 1, headers, recognised }
}

/** Text that could name a column: not empty, not a bare number. */
function isLabel(text: string): boolean {
  return text !== '' && !/^[\d\s.,:+-]+$/.test(text)
}
