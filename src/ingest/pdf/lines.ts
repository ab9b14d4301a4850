/**
 * Lines rebuilt from the positioned pieces of text pdf.js hands out. A
 * word or an amount may be drawn in several pieces (`T` + `otal`,
 * `1` + `13,73`), so pieces are joined by the gap between them, never by
 * trusting the spaces in the text.
 */

/** One piece of text as drawn: its left edge, baseline, width and size. */
export interface TextPiece {
  text: string
  x: number
  y: number
  width: number
  size: number
}

/** Pieces that stand close enough to read as one word or phrase. */
export interface TextRun {
  text: string
  x0: number
  x1: number
}

export interface TextLine {
  y: number
  runs: TextRun[]
  /** The runs joined by single spaces, for matching labels. */
  text: string
}

/** Baselines closer than this share a line, relative to the text size. */
const SAME_LINE = 0.3
/** Pieces closer than this are one word; allows a little overlap. */
const SAME_WORD = 0.15
const OVERLAP = -0.2
/** Pieces closer than this are words of one phrase. */
const SAME_PHRASE = 0.5

/** Groups pieces into lines from the top of the page down. */
export function buildLines(pieces: readonly TextPiece[]): TextLine[] {
  const visible = pieces.filter((p) => p.text.trim() !== '')
  visible.sort((a, b) => b.y - a.y || a.x - b.x)

  const lines: TextLine[] = []
  let group: TextPiece[] = []
  for (const piece of visible) {
    const first = group[0]
    if (first && first.y - piece.y > SAME_LINE * first.size) {
      lines.push(lineOf(group))
      group = []
    }
    group.push(piece)
  }
  if (group.length > 0) lines.push(lineOf(group))

  return lines
}

function lineOf(pieces: TextPiece[]): TextLine {
  pieces.sort((a, b) => a.x - b.x)
  const runs = joinByGap(pieces)

  return {
    y: pieces[0]!.y,
    runs,
    text: runs.map((r) => r.text).join(' '),
  }
}

function joinByGap(pieces: readonly TextPiece[]): TextRun[] {
  const runs: TextRun[] = []
  let run: TextRun | null = null
  for (const piece of pieces) {
    const text = piece.text.trim()
    const x0 = piece.x + leadingSpaceWidth(piece)
    const x1 = piece.x + piece.width
    const gap = run ? x0 - run.x1 : Infinity
    if (run && gap >= OVERLAP * piece.size && gap <= SAME_WORD * piece.size) {
      run.text += text
      run.x1 = Math.max(run.x1, x1)
    } else if (run && gap > 0 && gap <= SAME_PHRASE * piece.size) {
      run.text += ` ${text}`
      run.x1 = Math.max(run.x1, x1)
    } else {
      run = { text, x0, x1 }
      runs.push(run)
    }
  }

  return runs
}

/** pdf.js may start a piece with the space it saw before it. */
function leadingSpaceWidth(piece: TextPiece): number {
  const leading = piece.text.length - piece.text.trimStart().length
  if (leading === 0) return 0

  return (piece.width * leading) / piece.text.length
}

/**
 * Where a character of a line's text stands, estimated within its run
 * from the run's width. Used only to find labels that share a run.
 */
export function xAt(line: TextLine, index: number): number {
  let start = 0
  for (const run of line.runs) {
    const end = start + run.text.length
    if (index < end) {
      const share = (index - start) / run.text.length
      return run.x0 + share * (run.x1 - run.x0)
    }
    start = end + 1
  }

  return line.runs.at(-1)?.x1 ?? 0
}
