import type { PdfColumn, PdfColumnField } from './layout.js'
import type { TextLine, TextRun } from './lines.js'

/** Where a column stands on the page, from its header. */
export interface ColumnSpan<F extends string = PdfColumnField> {
  field: F
  x0: number
  x1: number
}

export type Cells<F extends string = PdfColumnField> = Partial<
  Record<F, string>
>

/**
 * Finds the columns in a header printed over one or more rows: a lower
 * row's run belongs to the upper run it overlaps most (`Sum` over
 * `ekskl. mva`). Returns null when a column of the layout is missing.
 */
export function columnsFromHeader(
  rows: readonly TextLine[],
  columns: readonly PdfColumn[],
): ColumnSpan[] | null {
  const cells = headerCells(rows)
  const spans: ColumnSpan[] = []
  for (const column of columns) {
    const wanted = normalizeLabel(column.label)
    const cell = cells.find((c) => normalizeLabel(c.text) === wanted)
    if (!cell) return null
    spans.push({ field: column.field, x0: cell.x0, x1: cell.x1 })
  }

  return spans
}

function headerCells(rows: readonly TextLine[]): TextRun[] {
  const [top, ...below] = rows
  if (!top) return []

  const cells = top.runs.map((r) => ({ ...r }))
  for (const run of below.flatMap((row) => row.runs)) {
    const cell = mostOverlapping(run, cells)
    if (cell) {
      cell.text += ` ${run.text}`
      cell.x0 = Math.min(cell.x0, run.x0)
      cell.x1 = Math.max(cell.x1, run.x1)
    } else {
      cells.push({ ...run })
    }
  }

  return cells
}

function normalizeLabel(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase()
}

/**
 * Puts each run of a line into the column it overlaps most. A run that
 * pdf.js merged across two columns is split into its words first.
 */
export function cellsOf<F extends string>(
  line: TextLine,
  spans: readonly ColumnSpan<F>[],
): Cells<F> {
  const cells: Cells<F> = {}
  for (const run of line.runs) {
    for (const piece of piecesOf(run, spans)) {
      const span = mostOverlapping(piece, spans) ?? nearest(piece, spans)
      if (!span) continue
      const before = cells[span.field]
      cells[span.field] =
        before === undefined ? piece.text : `${before} ${piece.text}`
    }
  }

  return cells
}

function piecesOf(
  run: TextRun,
  spans: readonly ColumnSpan<string>[],
): TextRun[] {
  let touched = 0
  for (const span of spans) {
    if (overlap(run, span) > 0) touched++
  }
  if (touched < 2 || !run.text.includes(' ')) return [run]

  return wordsOf(run)
}

/** Splits a run at its spaces, placing each word by its share of width. */
function wordsOf(run: TextRun): TextRun[] {
  const perChar = (run.x1 - run.x0) / run.text.length
  const words: TextRun[] = []
  let start = 0
  for (const word of run.text.split(' ')) {
    if (word !== '') {
      const x0 = run.x0 + start * perChar
      words.push({ text: word, x0, x1: x0 + word.length * perChar })
    }
    start += word.length + 1
  }

  return words
}

function mostOverlapping<T extends { x0: number; x1: number }>(
  run: TextRun,
  spans: readonly T[],
): T | null {
  let best: T | null = null
  let bestOverlap = 0
  for (const span of spans) {
    const o = overlap(run, span)
    if (o > bestOverlap) {
      best = span
      bestOverlap = o
    }
  }

  return best
}

function nearest<T extends { x0: number; x1: number }>(
  run: TextRun,
  spans: readonly T[],
): T | null {
  let best: T | null = null
  let bestDistance = Infinity
  for (const span of spans) {
    const d = Math.max(span.x0 - run.x1, run.x0 - span.x1)
    if (d < bestDistance) {
      best = span
      bestDistance = d
    }
  }

  return best
}

function overlap(a: TextRun, b: { x0: number; x1: number }): number {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)
}
