import type { TextPiece } from './lines.js'

/**
 * A page's pieces as one string and two typed arrays: a helper thread
 * hands them over in a few copies and transfers instead of cloning a
 * hundred thousand small objects.
 */
export interface PackedPage {
  number: number
  /** Every piece's text, one after another. */
  texts: string
  lengths: Uint32Array
  /** x, y, width and size of each piece in turn. */
  numbers: Float64Array
  /** False if pdf.js could not read the page. */
  readable: boolean
}

const FIELDS = 4

export function packPage(
  number: number,
  pieces: readonly TextPiece[] | null,
): PackedPage {
  const list = pieces ?? []
  const lengths = new Uint32Array(list.length)
  const numbers = new Float64Array(list.length * FIELDS)
  list.forEach((piece, i) => {
    lengths[i] = piece.text.length
    numbers.set([piece.x, piece.y, piece.width, piece.size], i * FIELDS)
  })
  const texts = list.map((piece) => piece.text).join('')

  return { number, texts, lengths, numbers, readable: pieces !== null }
}

export function unpackPage(page: PackedPage): TextPiece[] | null {
  if (!page.readable) return null

  const pieces: TextPiece[] = []
  let at = 0
  for (let i = 0; i < page.lengths.length; i++) {
    const length = page.lengths[i]!
    const n = i * FIELDS
    pieces.push({
      text: page.texts.slice(at, at + length),
      x: page.numbers[n]!,
      y: page.numbers[n + 1]!,
      width: page.numbers[n + 2]!,
      size: page.numbers[n + 3]!,
    })
    at += length
  }

  return pieces
}

/** The buffers of a packed page, to transfer rather than copy. */
export function transferablesOf(page: PackedPage): ArrayBuffer[] {
  return [page.lengths.buffer, page.numbers.buffer] as ArrayBuffer[]
}
