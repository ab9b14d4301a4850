import type {
  InvoiceDraft,
  InvoiceLine,
  Problem,
  ReadResult,
  SubscriptionDraft,
} from '../domain/invoice.js'

/**
 * A draft packed for the way back from the sandbox worker. A structured
 * clone writes every line as an object with its twelve keys and every
 * string again; 16,000 lines then take the parent's event loop about
 * 15 ms to rebuild. Packed, the lines travel as columns in typed arrays
 * that move without a copy, and each distinct string travels once.
 */
export interface PackedResult {
  draft: Omit<InvoiceDraft, 'subscriptions' | 'unassignedLines'>
  subscriptions: PackedSubscription[]
  lines: PackedLines
  unassignedLines: PackedLines
  strings: string[]
  problems: Problem[]
}

type PackedSubscription = Omit<SubscriptionDraft, 'lines'> & {
  lineCount: number
}

interface PackedLines {
  count: number
  /** Per line, an index into `strings` for each text field; -1 for null. */
  texts: Int32Array
  /** Per line, each amount field; NaN for null. */
  amounts: Float64Array
  exempt: Uint8Array
}

const TEXT_FIELDS = [
  'section',
  'description',
  'periodStart',
  'periodEnd',
  'quantity',
  'usage',
  'discountPercent',
] as const
const AMOUNT_FIELDS = ['grossOre', 'discountOre', 'netOre', 'vatOre'] as const
const LINE_KEYS = TEXT_FIELDS.length + AMOUNT_FIELDS.length + 1

/**
 * Packs a draft, or answers null when any part of it is not the plain
 * shape the columns hold (an extra key, a NaN): the caller then sends it
 * as it is, so packing can never change what arrives.
 */
export function packResult(result: ReadResult): PackedResult | null {
  if (!result.ok) return null
  const { subscriptions, unassignedLines, ...draft } = result.draft
  const strings = new StringTable()
  const lines = packLines(
    subscriptions.flatMap((s) => s.lines),
    strings,
  )
  const unassigned = packLines(unassignedLines, strings)
  if (!lines || !unassigned) return null

  return {
    draft,
    subscriptions: subscriptions.map(({ lines, ...s }) => ({
      ...s,
      lineCount: lines.length,
    })),
    lines,
    unassignedLines: unassigned,
    strings: strings.values,
    problems: result.problems,
  }
}

/** The typed arrays to transfer with a packed result. */
export function packedBuffers(packed: PackedResult): ArrayBuffer[] {
  return [packed.lines, packed.unassignedLines].flatMap((l) => [
    l.texts.buffer as ArrayBuffer,
    l.amounts.buffer as ArrayBuffer,
    l.exempt.buffer as ArrayBuffer,
  ])
}

/** The result as the worker read it; null when the packing is not whole. */
export function unpackResult(packed: PackedResult): ReadResult | null {
  if (!isWhole(packed)) return null
  const lines = unpackLines(packed.lines, packed.strings)
  let next = 0
  const subscriptions = packed.subscriptions.map(({ lineCount, ...s }) => {
    const own = lines.slice(next, (next += lineCount))
    return { ...s, lines: own }
  })
  const unassignedLines = unpackLines(packed.unassignedLines, packed.strings)

  return {
    ok: true,
    draft: { ...packed.draft, subscriptions, unassignedLines },
    problems: packed.problems,
  }
}

/**
 * The columns agree with their counts and every string index is in the
 * table, so unpacking cannot misplace a line or invent an undefined.
 */
function isWhole(packed: PackedResult): boolean {
  const lineCounts = packed.subscriptions.map((s) => s.lineCount)
  const counted = lineCounts.reduce((sum, n) => sum + n, 0)

  return (
    lineCounts.every((n) => Number.isSafeInteger(n) && n >= 0) &&
    counted === packed.lines.count &&
    columnsAgree(packed.lines, packed.strings.length) &&
    columnsAgree(packed.unassignedLines, packed.strings.length)
  )
}

function columnsAgree(lines: PackedLines, stringCount: number): boolean {
  return (
    Number.isSafeInteger(lines.count) &&
    lines.texts instanceof Int32Array &&
    lines.amounts instanceof Float64Array &&
    lines.exempt instanceof Uint8Array &&
    lines.texts.length === lines.count * TEXT_FIELDS.length &&
    lines.amounts.length === lines.count * AMOUNT_FIELDS.length &&
    lines.exempt.length === lines.count &&
    lines.texts.every((id) => id >= -1 && id < stringCount)
  )
}

/**
 * Each distinct string once. A column often repeats the line before it
 * (the same section, the same period), so each column's last answer is
 * tried before the map.
 */
class StringTable {
  readonly values: string[] = []
  private readonly index = new Map<string, number>()
  private readonly lastText: (string | null)[] = []
  private readonly lastId: number[] = []

  idOf(text: string | null, column: number): number {
    if (text === null) return -1
    if (text === this.lastText[column]) return this.lastId[column]!
    let id = this.index.get(text)
    if (id === undefined) {
      id = this.values.push(text) - 1
      this.index.set(text, id)
    }
    this.lastText[column] = text
    this.lastId[column] = id

    return id
  }
}

function packLines(
  lines: InvoiceLine[],
  strings: StringTable,
): PackedLines | null {
  const count = lines.length
  const texts = new Int32Array(count * TEXT_FIELDS.length)
  const amounts = new Float64Array(count * AMOUNT_FIELDS.length)
  const exempt = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const line = lines[i]!
    if (!isPlainLine(line)) return null
    const t = i * TEXT_FIELDS.length
    const a = i * AMOUNT_FIELDS.length
    texts[t] = strings.idOf(line.section, 0)
    texts[t + 1] = strings.idOf(line.description, 1)
    texts[t + 2] = strings.idOf(line.periodStart, 2)
    texts[t + 3] = strings.idOf(line.periodEnd, 3)
    texts[t + 4] = strings.idOf(line.quantity, 4)
    texts[t + 5] = strings.idOf(line.usage, 5)
    texts[t + 6] = strings.idOf(line.discountPercent, 6)
    amounts[a] = line.grossOre ?? NaN
    amounts[a + 1] = line.discountOre ?? NaN
    amounts[a + 2] = line.netOre
    amounts[a + 3] = line.vatOre ?? NaN
    exempt[i] = line.vatCategory === 'exempt' ? 1 : 0
  }

  return { count, texts, amounts, exempt }
}

function unpackLines(packed: PackedLines, strings: string[]): InvoiceLine[] {
  const lines = new Array<InvoiceLine>(packed.count)
  for (let i = 0; i < packed.count; i++) {
    const t = i * TEXT_FIELDS.length
    const a = i * AMOUNT_FIELDS.length
    lines[i] = {
      section: textAt(packed, strings, t)!,
      description: textAt(packed, strings, t + 1)!,
      periodStart: textAt(packed, strings, t + 2),
      periodEnd: textAt(packed, strings, t + 3),
      quantity: textAt(packed, strings, t + 4),
      usage: textAt(packed, strings, t + 5),
      grossOre: amountAt(packed, a),
      discountPercent: textAt(packed, strings, t + 6),
      discountOre: amountAt(packed, a + 1),
      netOre: amountAt(packed, a + 2)!,
      vatCategory: packed.exempt[i] ? 'exempt' : 'standard',
      vatOre: amountAt(packed, a + 3),
    }
  }

  return lines
}

function textAt(
  packed: PackedLines,
  strings: string[],
  at: number,
): string | null {
  const id = packed.texts[at]!

  return id < 0 ? null : strings[id]!
}

function amountAt(packed: PackedLines, at: number): number | null {
  const value = packed.amounts[at]!

  return Number.isNaN(value) ? null : value
}

/** Exactly the fields of an InvoiceLine, each of its declared type. */
function isPlainLine(line: InvoiceLine): boolean {
  return (
    typeof line.section === 'string' &&
    typeof line.description === 'string' &&
    isTextOrNull(line.periodStart) &&
    isTextOrNull(line.periodEnd) &&
    isTextOrNull(line.quantity) &&
    isTextOrNull(line.usage) &&
    isTextOrNull(line.discountPercent) &&
    isAmountOrNull(line.grossOre) &&
    isAmountOrNull(line.discountOre) &&
    isAmountOrNull(line.netOre) &&
    line.netOre !== null &&
    isAmountOrNull(line.vatOre) &&
    (line.vatCategory === 'standard' || line.vatCategory === 'exempt') &&
    Object.keys(line).length === LINE_KEYS
  )
}

function isTextOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string'
}

function isAmountOrNull(value: unknown): boolean {
  return value === null || (typeof value === 'number' && !Number.isNaN(value))
}
