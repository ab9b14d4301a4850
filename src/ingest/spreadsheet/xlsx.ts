import { posix } from 'node:path'
import { UPLOAD_LIMITS } from '../limits.js'
import { serialDate, tooLarge } from './book.js'
import type { BookResult, CellValue, Row, Sheet } from './book.js'
import { dateStyles } from './xlsx-styles.js'
import { attribute, decodeOoxmlEscapes, scanXml, XmlError } from './xml.js'
import { inflateEntry, readCentralDirectory, ZipError } from './zip.js'
import type { ZipEntry } from './zip.js'

/**
 * Reads the values of an XLSX workbook straight from its ZIP: workbook,
 * shared strings, styles (for dates) and each sheet's cells. Merged
 * ranges, dimensions and column ranges are never looked at, so none can
 * make the reader expand a whole sheet.
 */
export function loadXlsx(bytes: Uint8Array): BookResult {
  try {
    return new XlsxPackage(bytes).load()
  } catch (err) {
    if (err instanceof SheetLimitError) return tooLarge(err.sheet, err.what)
    if (err instanceof ZipError || err instanceof XmlError) {
      return unreadable(err)
    }
    throw err
  }
}

class SheetLimitError extends Error {
  constructor(
    readonly sheet: string,
    readonly what: 'rader' | 'kolonner',
  ) {
    super(`${sheet}: too many ${what}`)
  }
}

interface SheetRef {
  name: string
  path: string
}

class XlsxPackage {
  private readonly entries: Map<string, ZipEntry>

  constructor(private readonly bytes: Uint8Array) {
    this.entries = readCentralDirectory(bytes)
  }

  load(): BookResult {
    const workbookPath = this.workbookPath()
    const workbookXml = this.text(workbookPath)
    if (workbookXml === null) throw new ZipError('no workbook part')
    const refs = this.sheetRefs(workbookPath, workbookXml)
    const strings = sharedStrings(this.partText(workbookPath, 'sharedStrings'))
    const styles = dateStyles(this.partText(workbookPath, 'styles') ?? '')
    const date1904 = isDate1904(workbookXml)
    const sheets = refs.map((ref) =>
      readSheet(ref.name, this.text(ref.path) ?? '', {
        strings,
        styles,
        date1904,
      }),
    )

    return { ok: true, book: { sheets, date1904 } }
  }

  private text(path: string): string | null {
    const entry = this.entries.get(path)
    if (!entry) return null

    return inflateEntry(this.bytes, entry).toString('utf8')
  }

  private workbookPath(): string {
    const rels = relationships(this.text('_rels/.rels') ?? '', '')
    const office = rels.find((r) => r.type.endsWith('/officeDocument'))

    return office?.target ?? 'xl/workbook.xml'
  }

  /** A part related to the workbook by type (`styles`, `sharedStrings`). */
  private partText(workbookPath: string, type: string): string | null {
    const rels = this.workbookRels(workbookPath)
    const rel = rels.find((r) => r.type.endsWith(`/${type}`))

    return rel ? this.text(rel.target) : null
  }

  private workbookRels(workbookPath: string): Relationship[] {
    const dir = posix.dirname(workbookPath)
    const relsPath = posix.join(
      dir,
      '_rels',
      `${posix.basename(workbookPath)}.rels`,
    )

    return relationships(this.text(relsPath) ?? '', dir)
  }

  private sheetRefs(workbookPath: string, workbookXml: string): SheetRef[] {
    const targets = new Map(
      this.workbookRels(workbookPath).map((r) => [r.id, r.target]),
    )
    const refs: SheetRef[] = []
    scanXml(workbookXml, {
      wantsText: false,
      text() {},
      close() {},
      open(name, attrs) {
        if (name !== 'sheet') return
        const path = targets.get(attribute(attrs, 'id') ?? '')
        if (path) refs.push({ name: attribute(attrs, 'name') ?? '', path })
      },
    })

    return refs
  }
}

interface Relationship {
  id: string
  type: string
  target: string
}

function relationships(xml: string, baseDir: string): Relationship[] {
  const rels: Relationship[] = []
  scanXml(xml, {
    wantsText: false,
    text() {},
    close() {},
    open(name, attrs) {
      if (name !== 'Relationship') return
      if (attribute(attrs, 'TargetMode') === 'External') return
      rels.push({
        id: attribute(attrs, 'Id') ?? '',
        type: attribute(attrs, 'Type') ?? '',
        target: resolveTarget(baseDir, attribute(attrs, 'Target') ?? ''),
      })
    },
  })

  return rels
}

function resolveTarget(baseDir: string, target: string): string {
  if (target.startsWith('/')) return posix.normalize(target.slice(1))

  return posix.normalize(posix.join(baseDir, target))
}

function isDate1904(workbookXml: string): boolean {
  let date1904 = false
  scanXml(workbookXml, {
    wantsText: false,
    text() {},
    close() {},
    open(name, attrs) {
      if (name !== 'workbookPr') return
      const flag = attribute(attrs, 'date1904')
      date1904 = flag === '1' || flag === 'true'
    },
  })

  return date1904
}

/** Shared strings, rich text runs joined, phonetic guides left out. */
function sharedStrings(xml: string | null): string[] {
  const strings: string[] = []
  if (xml === null) return strings
  let parts: string[] = []
  let inPhonetic = false
  const handler = {
    wantsText: false,
    text(raw: string) {
      parts.push(raw)
    },
    open(name: string) {
      if (name === 'si') parts = []
      else if (name === 'rPh') inPhonetic = true
      else if (name === 't') handler.wantsText = !inPhonetic
    },
    close(name: string) {
      if (name === 't') handler.wantsText = false
      else if (name === 'rPh') inPhonetic = false
      else if (name === 'si') strings.push(decodeOoxmlEscapes(parts.join('')))
    },
  }
  scanXml(xml, handler)

  return strings
}

interface SheetContext {
  strings: string[]
  styles: boolean[]
  date1904: boolean
}

function readSheet(name: string, xml: string, context: SheetContext): Sheet {
  const rows: (Row | undefined)[] = []
  const { maxRows, maxColumns } = UPLOAD_LIMITS.sheet
  let rowIndex = -1
  let col = -1
  let type = ''
  let style = 0
  let inCell = false
  let parts: string[] = []

  function store(value: CellValue): void {
    if (value === null || value === '') return
    if (rowIndex >= maxRows) throw new SheetLimitError(name, 'rader')
    if (col >= maxColumns) throw new SheetLimitError(name, 'kolonner')
    const row = (rows[rowIndex] ??= [])
    row[col] = value
  }

  const handler = {
    wantsText: false,
    text(raw: string) {
      parts.push(raw)
    },
    open(tag: string, attrs: string) {
      if (tag === 'row') {
        const r = attribute(attrs, 'r')
        rowIndex = r ? Number(r) - 1 : rowIndex + 1
        col = -1
      } else if (tag === 'c') {
        const ref = attribute(attrs, 'r')
        col = ref ? columnIndex(ref) : col + 1
        type = attribute(attrs, 't') ?? 'n'
        style = Number(attribute(attrs, 's') ?? 0)
        inCell = true
        parts = []
      } else if (inCell && (tag === 'v' || tag === 't')) {
        handler.wantsText = true
      }
    },
    close(tag: string) {
      if (tag === 'v' || tag === 't') {
        handler.wantsText = false
      } else if (tag === 'c') {
        inCell = false
        store(cellValue(parts.join(''), type, style, context))
      }
    },
  }
  scanXml(xml, handler)

  return { name, rows }
}

function cellValue(
  raw: string,
  type: string,
  style: number,
  context: SheetContext,
): CellValue {
  switch (type) {
    case 's':
      return context.strings[Number(raw)] ?? null
    case 'inlineStr':
    case 'str':
      return decodeOoxmlEscapes(raw)
    case 'b':
      return raw === '1' || raw === 'true'
    case 'e':
      return null
    case 'd':
      return isoDate(raw)
  }
  if (raw.trim() === '') return null
  const n = Number(raw)
  if (!Number.isFinite(n)) return null

  return context.styles[style] ? serialDate(n, context.date1904) : n
}

function isoDate(raw: string): Date | null {
  const date = new Date(raw.endsWith('Z') ? raw : `${raw}Z`)

  return Number.isNaN(date.getTime()) ? null : date
}

/** `AB12` → 27: the zero-based column of a cell reference. */
function columnIndex(ref: string): number {
  let col = 0
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c < 65 || c > 90) break
    col = col * 26 + (c - 64)
    // Past XFD the reference is not a column; let the limit catch it.
    if (col > 16_384) break
  }

  return col - 1
}

function unreadable(err: Error): BookResult {
  return {
    ok: false,
    problems: [
      {
        code: 'xlsx-unreadable',
        message:
          'Regnearket kan ikke leses: filen er skadet eller ikke en ' +
          'XLSX-fil. Lagre den på nytt fra Excel og last den opp igjen.',
        detail: err.message,
      },
    ],
  }
}
