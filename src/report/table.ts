/**
 * A report as data, before it becomes CSV or a workbook: a heading of
 * label/value pairs, columns that are either text or an amount in øre, the
 * rows, and a sum row. Both writers render the same table, so the two
 * formats cannot drift apart.
 */
export interface Table {
  sheetName: string
  heading: Array<[label: string, value: string]>
  columns: Column[]
  rows: Row[]
  total: Row | null
}

export interface Column {
  title: string
  kind: 'text' | 'amount'
  /** Width in characters, for the workbook. */
  width: number
}

/** A text column holds a string; an amount column holds integer øre. */
export type Row = Array<string | number>

export function textColumn(title: string, width: number): Column {
  return { title, kind: 'text', width }
}

export function amountColumn(title: string, width = 16): Column {
  return { title, kind: 'amount', width }
}

/** The øre in an amount cell, refusing anything that is not whole øre. */
export function amountCell(value: string | number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`an amount cell must hold whole øre, got ${value}`)
  }

  return value
}

export function textCell(value: string | number): string {
  return String(value)
}
