import { parseOre } from '../../domain/money.js'
import { maskPhone, normalizePhone } from '../../domain/phone.js'
import type { InvoiceLine, Problem } from '../../domain/invoice.js'
import type { PhoneNumber } from '../../domain/phone.js'
import { cellsOf, columnsFromHeader } from './columns.js'
import type { Cells, ColumnSpan } from './columns.js'
import type { PdfBlockEnd, PdfLayout } from './layout.js'
import type { TextLine } from './lines.js'
import { patternsOf } from './patterns.js'
import type { LayoutPatterns } from './patterns.js'
import { periodFrom } from './values.js'

type EndField = keyof PdfBlockEnd

/** A `Tjenestespesifikasjon` block as read, before its totals are checked. */
export interface Block {
  phone: PhoneNumber
  user: string
  lines: InvoiceLine[]
  ends: Partial<Record<EndField, number>>
}

export interface BlocksRead {
  blocks: Block[]
  /** Lines outside every block (the summary pages), in reading order. */
  outside: TextLine[]
  problems: Problem[]
}

interface Heading {
  user: string
  number: string
  continued: boolean
}

type Mode = 'outside' | 'columns' | 'rows' | 'skip'

/**
 * Walks the pages after page 1 line by line. A block opens at its
 * heading, learns its columns from the header rows below it, and closes
 * at `Sum denne periode`. A page break suspends the block until a
 * `(fortsettelse)` heading with the same number takes it up again.
 */
class BlockReader {
  readonly blocks: Block[] = []
  readonly outside: TextLine[] = []
  readonly problems: Problem[] = []
  private readonly byNumber = new Map<string, Block>()
  private readonly p: LayoutPatterns
  private mode: Mode = 'outside'
  private block: Block | null = null
  private headerRows: TextLine[] = []
  private spans: ColumnSpan[] = []
  private section = ''

  constructor(private readonly layout: PdfLayout) {
    this.p = patternsOf(layout)
  }

  startPage(): void {
    this.mode = 'outside'
  }

  read(line: TextLine): void {
    if (line.text.startsWith(this.layout.blockHeading + ' ')) {
      this.open(line)
    } else if (this.mode === 'outside') {
      this.outside.push(line)
    } else if (this.mode === 'columns') {
      this.readColumnHeader(line)
    } else if (this.mode === 'rows') {
      this.readRow(line)
    }
  }

  private open(line: TextLine): void {
    const heading = parseHeading(line.text, this.layout)
    const phone = heading && normalizePhone(heading.number)
    if (!heading || !phone) {
      this.problems.push(unreadHeading(line.text))
      this.mode = 'skip'
      return
    }

    const known = this.byNumber.get(phone)
    if (heading.continued && known) {
      this.block = known
    } else {
      if (heading.continued) this.problems.push(orphanContinuation(heading))
      this.block = { phone, user: heading.user, lines: [], ends: {} }
      this.blocks.push(this.block)
      this.byNumber.set(phone, this.block)
      this.section = ''
    }
    this.headerRows = []
    this.mode = 'columns'
  }

  /** Header rows go on until a line has text in the first column again. */
  private readColumnHeader(line: TextLine): void {
    const first = this.headerRows[0]
    if (!first) {
      if (line.text.startsWith(this.layout.columns[0]!.label)) {
        this.headerRows.push(line)
      } else {
        this.problems.push(columnsMissing(this.block!, line.text))
        this.mode = 'skip'
      }
      return
    }

    const firstColumnEnd = first.runs[0]!.x1
    if (line.runs[0]!.x0 >= firstColumnEnd) {
      this.headerRows.push(line)
      return
    }

    const spans = columnsFromHeader(this.headerRows, this.layout.columns)
    if (!spans) {
      this.problems.push(columnsMissing(this.block!, first.text))
      this.mode = 'skip'
      return
    }
    this.spans = spans
    this.mode = 'rows'
    this.readRow(line)
  }

  private readRow(line: TextLine): void {
    const block = this.block!
    const cells = cellsOf(line, this.spans)
    const description = cells.description
    const end = description === undefined ? null : this.endField(description)
    if (end) {
      this.readEnd(block, end, cells, line)
    } else if (description !== undefined && isOnly(cells, 'description')) {
      this.section = description
    } else if (description !== undefined) {
      this.readItem(block, cells, line)
    } else {
      this.problems.push(unreadLine(block, line.text))
    }
  }

  private endField(description: string): EndField | null {
    for (const [field, re] of Object.entries(this.p.blockEnd)) {
      if (re.test(description)) return field as EndField
    }

    return null
  }

  private readEnd(
    block: Block,
    field: EndField,
    cells: Cells,
    line: TextLine,
  ): void {
    const amount = parseOre(cells.net ?? line.runs.at(-1)!.text)
    if (amount === null) {
      this.problems.push(unreadLine(block, line.text))
      return
    }

    block.ends[field] = amount
    if (field === 'total') {
      this.block = null
      this.mode = 'outside'
    }
  }

  private readItem(block: Block, cells: Cells, line: TextLine): void {
    const item = lineFromCells(cells, this.section, this.layout)
    if (item) {
      block.lines.push(item)
    } else {
      this.problems.push(unreadLine(block, line.text))
    }
  }
}

/** Reads every block on the pages after page 1. */
export function readBlocks(
  pages: readonly (readonly TextLine[])[],
  layout: PdfLayout,
): BlocksRead {
  const reader = new BlockReader(layout)
  for (const page of pages) {
    reader.startPage()
    for (const line of page) reader.read(line)
  }

  return {
    blocks: reader.blocks,
    outside: reader.outside,
    problems: reader.problems,
  }
}

/** The user may contain the separator itself, so the last one counts. */
export function parseHeading(text: string, layout: PdfLayout): Heading | null {
  let rest = text.slice(layout.blockHeading.length).trim()
  const continued = rest.startsWith(layout.continuationMarker)
  if (continued) rest = rest.slice(layout.continuationMarker.length).trim()

  const at = rest.lastIndexOf(layout.userNumberSeparator)
  if (at < 0) return null

  const user = rest.slice(0, at).replace(/\s+/g, ' ').trim()
  const number = rest.slice(at + layout.userNumberSeparator.length).trim()

  return { user, number, continued }
}

/** A single-amount section (`Rabatter`) prints its amount as the sum. */
function lineFromCells(
  cells: Cells,
  section: string,
  layout: PdfLayout,
): InvoiceLine | null {
  const description = cells.description!
  const single =
    cells.net === undefined && layout.singleAmountSections.includes(section)
  const netOre = amountOrNull(single ? cells.gross : cells.net)
  const period = cells.period ? periodFrom(cells.period) : null
  if (netOre === null || (cells.period && !period)) return null

  return {
    section,
    description,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    quantity: cells.quantity ?? null,
    usage: cells.usage ?? null,
    grossOre: single ? null : amountOrNull(cells.gross),
    discountPercent: cells.discountPercent ?? null,
    discountOre: amountOrNull(cells.discount),
    netOre,
    vatCategory: description.startsWith(layout.contentMarker)
      ? 'exempt'
      : 'standard',
    vatOre: null,
  }
}

function amountOrNull(text: string | undefined): number | null {
  return text === undefined ? null : parseOre(text)
}

function isOnly(cells: Cells, field: keyof Cells): boolean {
  for (const key in cells) {
    if (key !== field) return false
  }

  return true
}

function unreadHeading(text: string): Problem {
  return {
    code: 'pdf-heading-unread',
    message:
      `Fant ikke brukernavn og telefonnummer i overskriften «${text}». ` +
      'Kontroller abonnementet for hånd.',
  }
}

function orphanContinuation(heading: Heading): Problem {
  return {
    code: 'pdf-continuation-orphan',
    message:
      `Spesifikasjonen for ${heading.user} fortsetter fra en side som ` +
      'mangler. Last opp hele fakturaen.',
    detail: maskPhone(heading.number.replace(/\D/g, '')),
  }
}

function columnsMissing(block: Block, text: string): Problem {
  return {
    code: 'pdf-columns-missing',
    message:
      'Fant ikke kolonneoverskriftene i spesifikasjonen for ' +
      `${block.user}. Fakturaoppsettet kan ha endret seg; meld fra til ` +
      'administrator.',
    detail: text,
  }
}

function unreadLine(block: Block, text: string): Problem {
  return {
    code: 'pdf-line-unread',
    message:
      `En linje i spesifikasjonen for ${block.user} kunne ikke leses og ` +
      'er utelatt. Kontroller abonnementet mot fakturaen.',
    detail: text,
  }
}
