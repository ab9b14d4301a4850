import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseHeading } from '../../../src/ingest/pdf/blocks.js'
import { cellsOf, columnsFromHeader } from '../../../src/ingest/pdf/columns.js'
import { buildLines } from '../../../src/ingest/pdf/lines.js'
import type { TextPiece } from '../../../src/ingest/pdf/lines.js'
import { teliaSamlefaktura } from '../../../src/ingest/pdf/telia-layout.js'
import {
  dateFromShort,
  isMod10,
  periodFrom,
} from '../../../src/ingest/pdf/values.js'

/** A piece of Helvetica-like text, 0.5 em per character. */
function piece(text: string, x: number, y = 700, size = 8): TextPiece {
  return { text, x, y, width: text.length * size * 0.5, size }
}

/** Pieces drawn one after the other with no gap. */
function adjacent(texts: string[], x: number, y = 700): TextPiece[] {
  const pieces: TextPiece[] = []
  for (const text of texts) {
    const p = piece(text, x, y)
    pieces.push(p)
    x += p.width
  }

  return pieces
}

/** The fixture's column header, over two rows. */
const header = buildLines([
  piece('Tjeneste', 30, 737.89, 7),
  piece('Periode', 200, 737.89, 7),
  { ...piece('Antall', 276.73, 737.89, 7), width: 23.27 },
  { ...piece('Tid/MB', 332.96, 737.89, 7), width: 27.04 },
  { ...piece('Sum', 402.68, 737.89, 7), width: 17.32 },
  { ...piece('Rabatt', 433.46, 737.89, 7), width: 26.54 },
  { ...piece('Sum', 487.68, 737.89, 7), width: 17.32 },
  { ...piece('Sum ekskl. mva', 502.94, 737.89, 7), width: 62.06 },
  { ...piece('ekskl. mva', 377.7, 728.89, 7), width: 42.3 },
  { ...piece('%', 452.99, 728.89, 7), width: 7.01 },
  { ...piece('rabatt', 480.4, 728.89, 7), width: 24.6 },
  { ...piece('inkl. rabatt', 520.86, 728.89, 7), width: 44.14 },
])

describe('PDF line reconstruction', () => {
  it('joins a word drawn in two touching pieces', () => {
    const [line] = buildLines(adjacent(['T', 'otal'], 30))

    assert.deepEqual(
      line!.runs.map((r) => r.text),
      ['Total'],
    )
  })

  it('joins an amount drawn in two touching pieces', () => {
    const [line] = buildLines([
      piece('Sum', 30),
      ...adjacent(['1', '13,73'], 400),
    ])

    assert.deepEqual(
      line!.runs.map((r) => r.text),
      ['Sum', '113,73'],
    )
  })

  it('joins words a word space apart into one phrase', () => {
    const [line] = buildLines([piece('Faste', 30), piece('avgifter', 52)])

    assert.deepEqual(
      line!.runs.map((r) => r.text),
      ['Faste avgifter'],
    )
  })

  it('keeps pieces a column gap apart as separate runs', () => {
    const [line] = buildLines([piece('Bruk', 30), piece('44,65', 397.1)])

    assert.equal(line!.runs.length, 2)
  })

  it('keeps pieces that overlap as separate runs', () => {
    const [line] = buildLines([
      { ...piece('Sum', 487.68, 700, 7), width: 17.32 },
      piece('Sum ekskl. mva', 502.94, 700, 7),
    ])

    assert.equal(line!.runs.length, 2)
  })

  it('puts pieces with slightly different baselines on one line', () => {
    const lines = buildLines([
      piece('Mva 25%', 30, 617.89),
      piece('117,57', 537, 618.4),
    ])

    assert.equal(lines.length, 1)
  })

  it('orders lines from the top of the page down', () => {
    const lines = buildLines([piece('nede', 30, 100), piece('oppe', 30, 700)])

    assert.deepEqual(
      lines.map((l) => l.text),
      ['oppe', 'nede'],
    )
  })

  it('ignores pieces that are only white space', () => {
    const lines = buildLines([piece(' ', 30), piece('Bruk', 30, 690)])

    assert.deepEqual(
      lines.map((l) => l.text),
      ['Bruk'],
    )
  })
})

describe('PDF columns', () => {
  const spans = columnsFromHeader(header, teliaSamlefaktura.columns)!

  it('finds every column in a header printed over two rows', () => {
    assert.deepEqual(
      spans.map((s) => s.field),
      teliaSamlefaktura.columns.map((c) => c.field),
    )
  })

  it('puts right-aligned amounts in the column above them', () => {
    const [line] = buildLines([
      piece('Dobbel 50 GB', 30),
      piece('06.11.26-05.12.26', 200),
      piece('1', 295),
      { ...piece('771,47', 392), width: 28 },
      { ...piece('50,07', 437.1), width: 22.9 },
      { ...piece('-386,28', 474.12), width: 30.88 },
      { ...piece('385,19', 537), width: 28 },
    ])

    assert.deepEqual(cellsOf(line!, spans), {
      description: 'Dobbel 50 GB',
      period: '06.11.26-05.12.26',
      quantity: '1',
      gross: '771,47',
      discountPercent: '50,07',
      discount: '-386,28',
      net: '385,19',
    })
  })

  it('splits a run merged across two columns at its space', () => {
    const merged = { ...piece('56,11 -13.490,14', 437.6), width: 67.4 }
    const [line] = buildLines([piece('Dobbel 15 GB', 30), merged])
    const cells = cellsOf(line!, spans)

    assert.equal(cells.discountPercent, '56,11')
    assert.equal(cells.discount, '-13.490,14')
  })

  it('finds no columns when a header label is missing', () => {
    const partial = buildLines([piece('Tjeneste', 30), piece('Periode', 200)])

    assert.equal(columnsFromHeader(partial, teliaSamlefaktura.columns), null)
  })
})

describe('PDF block headings', () => {
  it('splits the user from the number at the last " - "', () => {
    const text = 'Tjenestespesifikasjon for Bil - Lager - 926 01 815'

    assert.deepEqual(parseHeading(text, teliaSamlefaktura), {
      user: 'Bil - Lager',
      number: '926 01 815',
      continued: false,
    })
  })

  it('recognises a continued block', () => {
    const text =
      'Tjenestespesifikasjon for (fortsettelse) Kari Hansen - 926 01 815'

    assert.equal(parseHeading(text, teliaSamlefaktura)?.continued, true)
  })
})

describe('PDF values', () => {
  it('reads a two-digit year as this century', () => {
    assert.equal(dateFromShort('06.11.26'), '2026-11-06')
  })

  it('refuses a date that does not exist', () => {
    assert.equal(dateFromShort('31.02.26'), null)
  })

  it('reads one date as a period of one day', () => {
    assert.deepEqual(periodFrom('06.11.26'), {
      start: '2026-11-06',
      end: '2026-11-06',
    })
  })

  it('accepts a KID with a right MOD10 control digit', () => {
    assert.equal(isMod10('704144518'), true)
  })

  it('rejects a KID with a wrong MOD10 control digit', () => {
    assert.equal(isMod10('704144519'), false)
  })
})
