import { cellText, isBlankRow, normalizeLabel } from './book.js'
import type { Row, Sheet } from './book.js'

/** Column index per field. */
export type ColumnMap<F extends string> = Partial<Record<F, number>>

export interface HeaderMatch<F extends string> {
  /** Zero-based index of the header row in the sheet. */
  rowIndex: number
  headers: string[]
  columns: ColumnMap<F>
  missing: F[]
}

export interface ColumnRules<F extends string> {
  synonyms: Partial<Record<F, string[]>>
  mapping?: Partial<Record<F, string>> | undefined
  required: readonly F[]
}

/** Header rows are looked for among the first rows only. */
export const HEADER_SCAN_ROWS = 30

/**
 * The row that names the most required columns, then the most columns,
 * among the first rows of a sheet. Title rows above it are left to the
 * caller.
 */
export function findHeader<F extends string>(
  sheet: Sheet,
  rules: ColumnRules<F>,
): HeaderMatch<F> | null {
  let best: HeaderMatch<F> | null = null
  for (const rowIndex of leadingRows(sheet)) {
    const headers = headerTexts(sheet.rows[rowIndex])
    const columns = matchColumns(headers, rules)
    const missing = rules.required.filter((f) => columns[f] === undefined)
    const match = { rowIndex, headers, columns, missing }
    if (!best || better(match, best)) best = match
  }

  return best
}

function better<F extends string>(a: HeaderMatch<F>, b: HeaderMatch<F>) {
  if (a.missing.length !== b.missing.length) {
    return a.missing.length < b.missing.length
  }

  return Object.keys(a.columns).length > Object.keys(b.columns).length
}

/** Indexes of the first non-blank rows, where a header can stand. */
export function leadingRows(sheet: Sheet): number[] {
  const found: number[] = []
  for (let r = 0; r < sheet.rows.length; r++) {
    if (found.length >= HEADER_SCAN_ROWS) break
    if (!isBlankRow(sheet.rows[r])) found.push(r)
  }

  return found
}

export function headerTexts(row: Row | undefined): string[] {
  const headers: string[] = []
  for (let c = 0; c < (row?.length ?? 0); c++) {
    headers.push(cellText(row?.[c]))
  }

  return headers
}

/**
 * A saved mapping first, then synonyms; each column serves one field, and
 * a field takes the first column that names it.
 */
export function matchColumns<F extends string>(
  headers: string[],
  rules: ColumnRules<F>,
): ColumnMap<F> {
  const labels = headers.map(normalizeLabel)
  const columns: ColumnMap<F> = {}
  const taken = new Set<number>()
  for (const [field, header] of entries(rules.mapping ?? {})) {
    const at = labels.indexOf(normalizeLabel(header))
    if (at >= 0 && !taken.has(at)) assign(columns, taken, field, at)
  }
  const lookup = synonymLookup(rules.synonyms)
  labels.forEach((label, at) => {
    const field = lookup.get(label)
    if (field && columns[field] === undefined && !taken.has(at)) {
      assign(columns, taken, field, at)
    }
  })

  return columns
}

function assign<F extends string>(
  columns: ColumnMap<F>,
  taken: Set<number>,
  field: F,
  at: number,
): void {
  columns[field] = at
  taken.add(at)
}

function synonymLookup<F extends string>(
  synonyms: Partial<Record<F, string[]>>,
): Map<string, F> {
  const lookup = new Map<string, F>()
  for (const [field, words] of entries(synonyms)) {
    for (const word of words) {
      const label = normalizeLabel(word)
      if (!lookup.has(label)) lookup.set(label, field)
    }
  }

  return lookup
}

function entries<F extends string, V>(record: Partial<Record<F, V>>): [F, V][] {
  return Object.entries(record).filter(([, v]) => v !== undefined) as [F, V][]
}
