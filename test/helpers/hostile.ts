/**
 * Every kind of hostile upload in SECURITY.md, made in code so each test
 * states what it feeds the intake and the readers. The ZIP and CFB writers
 * here are small on purpose: they can lie where a real writer would not.
 */
import { crc32, deflateRawSync } from 'node:zlib'
import { UPLOAD_LIMITS } from '../../src/ingest/limits.js'

export interface ZipEntry {
  name: string
  data: Uint8Array
  /** 0 stores, 8 deflates (the default). */
  method?: 0 | 8
  /** Uncompressed size to write in the headers instead of the real one. */
  declaredSize?: number
}

export interface ZipOptions {
  /** Bytes before the first local header, offsets adjusted to match. */
  prefix?: Uint8Array
}

const text = (s: string) => new TextEncoder().encode(s)

/** A ZIP archive with the central directory written by hand. */
export function zip(entries: ZipEntry[], options: ZipOptions = {}): Uint8Array {
  const prefix = options.prefix ?? new Uint8Array()
  const locals: Uint8Array[] = []
  const centrals: Uint8Array[] = []
  let offset = prefix.length
  for (const entry of entries) {
    const method = entry.method ?? 8
    const body = method === 8 ? deflateRawSync(entry.data) : entry.data
    const name = text(entry.name)
    const fields = {
      method,
      crc: crc32(entry.data),
      compressed: body.length,
      size: entry.declaredSize ?? entry.data.length,
    }
    locals.push(localHeader(name, fields), body)
    centrals.push(centralHeader(name, fields, offset))
    offset += 30 + name.length + body.length
  }
  const directory = concat(centrals)
  const end = endOfDirectory(entries.length, directory.length, offset)

  return concat([prefix, ...locals, directory, end])
}

interface HeaderFields {
  method: number
  crc: number
  compressed: number
  size: number
}

function localHeader(name: Uint8Array, f: HeaderFields): Uint8Array {
  const h = new DataView(new ArrayBuffer(30))
  h.setUint32(0, 0x04034b50, true)
  h.setUint16(4, 20, true)
  h.setUint16(8, f.method, true)
  h.setUint32(14, f.crc, true)
  h.setUint32(18, f.compressed, true)
  h.setUint32(22, f.size, true)
  h.setUint16(26, name.length, true)

  return concat([new Uint8Array(h.buffer), name])
}

function centralHeader(
  name: Uint8Array,
  f: HeaderFields,
  offset: number,
): Uint8Array {
  const h = new DataView(new ArrayBuffer(46))
  h.setUint32(0, 0x02014b50, true)
  h.setUint16(4, 20, true)
  h.setUint16(6, 20, true)
  h.setUint16(10, f.method, true)
  h.setUint32(16, f.crc, true)
  h.setUint32(20, f.compressed, true)
  h.setUint32(24, f.size, true)
  h.setUint16(28, name.length, true)
  h.setUint32(42, offset, true)

  return concat([new Uint8Array(h.buffer), name])
}

function endOfDirectory(count: number, size: number, offset: number) {
  const h = new DataView(new ArrayBuffer(22))
  h.setUint32(0, 0x06054b50, true)
  h.setUint16(8, count, true)
  h.setUint16(10, count, true)
  h.setUint32(12, size, true)
  h.setUint32(16, offset, true)

  return new Uint8Array(h.buffer)
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }

  return out
}

const WORKBOOK = text(
  '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>',
)

/** The parts a spreadsheet reader needs, plus any extra entries. */
export function xlsx(sheetXml: string, extra: ZipEntry[] = []): Uint8Array {
  return zip([
    { name: '[Content_Types].xml', data: text(CONTENT_TYPES) },
    { name: '_rels/.rels', data: text(ROOT_RELS) },
    { name: 'xl/workbook.xml', data: WORKBOOK },
    { name: 'xl/_rels/workbook.xml.rels', data: text(WORKBOOK_RELS) },
    { name: 'xl/worksheets/sheet1.xml', data: text(sheetXml) },
    ...extra,
  ])
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'

const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'

export function sheet(body: string, after = ''): string {
  return `${SHEET_START}<sheetData>${body}</sheetData>${after}</worksheet>`
}

/** A small well-formed XLSX with one row of text. */
export function plainXlsx(): Uint8Array {
  return xlsx(
    sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Hei</t></is></c></row>'),
  )
}

/** One entry of zeros that inflates past the ratio limit. */
export function zipBombXlsx(megabytes = 20): Uint8Array {
  const zeros = new Uint8Array(megabytes * 1024 * 1024)

  return xlsx(sheet(''), [{ name: 'xl/media/bomb.bin', data: zeros }])
}

/** An entry whose headers claim 1 kB while its data inflates to 1 MB. */
export function lyingSizeXlsx(): Uint8Array {
  const data = new Uint8Array(1024 * 1024).map((_, i) => (i * 7919) % 251)

  return xlsx(sheet(''), [
    { name: 'xl/media/lie.bin', data, declaredSize: 1024 },
  ])
}

/** Many small entries: each costs a reader a header and a buffer. */
export function manyEntryXlsx(
  entryCount = UPLOAD_LIMITS.zip.maxEntries + 1,
): Uint8Array {
  const extra = Array.from({ length: entryCount - 5 }, (_, i) => ({
    name: `xl/media/e${i}.bin`,
    data: text('x'),
    method: 0 as const,
  }))

  return xlsx(sheet(''), extra)
}

/** An entry that would unpack outside the folder it is unpacked in. */
export function traversalXlsx(name = '../../etc/cron.d/x'): Uint8Array {
  return xlsx(sheet(''), [{ name, data: text('x') }])
}

/** One merged range that covers the whole sheet, cell by cell 17 G cells. */
export function wholeSheetMergeXlsx(): Uint8Array {
  return xlsx(
    sheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
      '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    ),
  )
}

/** A column range over every column of a sheet. */
export function wholeSheetColumnsXlsx(): Uint8Array {
  const cols =
    '<cols><col min="1" max="16384" width="9" customWidth="1"/></cols>'
  const body =
    '<sheetData><row r="1048576" spans="1:16384"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'

  return xlsx(
    `${SHEET_START}<dimension ref="A1:XFD1048576"/>${cols}${body}</worksheet>`,
  )
}

export function xxeXml(): string {
  return `<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>`
}

export function billionLaughsXml(): string {
  const levels = Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`,
  ).join('')

  return `<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY l0 "ha">${levels}]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&l9;</ID></Invoice>`
}

/** A minimal PDF: objects in order, then a cross-reference table. */
export function pdf(objects: Array<string | Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [text('%PDF-1.7\n')]
  const offsets: number[] = []
  let at = parts[0]!.length
  objects.forEach((body, i) => {
    offsets.push(at)
    const chunk = concat([
      text(`${i + 1} 0 obj\n`),
      typeof body === 'string' ? text(body) : body,
      text('\nendobj\n'),
    ])
    parts.push(chunk)
    at += chunk.length
  })
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`

  return concat([...parts, text(xref)])
}

const PAGE_TREE = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
]

/** A page whose content stream inflates to `megabytes` of text. */
export function hugeStreamPdf(megabytes = 64): Uint8Array {
  const line = text('BT /F1 12 Tf 72 712 Td (Telia) Tj ET\n'.repeat(28_000))
  const raw = new Uint8Array(megabytes * 1024 * 1024)
  for (let at = 0; at + line.length <= raw.length; at += line.length) {
    raw.set(line, at)
  }
  const body = deflateSyncWithHeader(raw)
  const stream = concat([
    text(`<< /Length ${body.length} /Filter /FlateDecode >>\nstream\n`),
    body,
    text('\nendstream'),
  ])

  return pdf([...PAGE_TREE, stream])
}

function deflateSyncWithHeader(raw: Uint8Array): Uint8Array {
  // A zlib header (78 9C) before raw deflate data; pdf.js does not check
  // the trailing checksum, so none is written.
  return concat([Uint8Array.from([0x78, 0x9c]), deflateRawSync(raw)])
}

/** A page tree whose pages are each other's parents and kids. */
export function referenceLoopPdf(): Uint8Array {
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 2 >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 2 >>',
  ])
}

/** A PDF that is also a ZIP: both readers would open it. */
export function polyglotPdfZip(): Uint8Array {
  return zip(
    [
      { name: '[Content_Types].xml', data: text(CONTENT_TYPES) },
      { name: 'xl/workbook.xml', data: WORKBOOK },
    ],
    { prefix: pdf(PAGE_TREE.slice(0, 2)) },
  )
}

const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const END_OF_CHAIN = 0xfffffffe
const FAT_SECTOR = 0xfffffffd
const FREE = 0xffffffff

export interface CfbOptions {
  streamName?: string
  /** The FAT entry of the directory sector: itself makes a loop. */
  directoryNext?: number
}

const STREAM_SECTORS = 8

/**
 * A compound file of 512-byte sectors: the FAT, the directory, and eight
 * sectors (4 kB, the smallest regular stream) of `Workbook` data unless
 * the stream is named otherwise.
 */
export function cfb(options: CfbOptions = {}): Uint8Array {
  const sector = 512
  const out = new Uint8Array(sector * (3 + STREAM_SECTORS))
  const view = new DataView(out.buffer)
  out.set(CFB_SIGNATURE)
  view.setUint16(0x18, 0x3e, true)
  view.setUint16(0x1a, 3, true)
  view.setUint16(0x1c, 0xfffe, true)
  view.setUint16(0x1e, 9, true)
  view.setUint16(0x20, 6, true)
  view.setUint32(0x2c, 1, true)
  view.setUint32(0x30, 1, true)
  view.setUint32(0x38, 4096, true)
  view.setUint32(0x3c, END_OF_CHAIN, true)
  view.setUint32(0x44, END_OF_CHAIN, true)
  for (let i = 0; i < 109; i++) view.setUint32(0x4c + i * 4, FREE, true)
  view.setUint32(0x4c, 0, true)

  const fat = sector
  for (let i = 0; i < 128; i++) view.setUint32(fat + i * 4, FREE, true)
  view.setUint32(fat, FAT_SECTOR, true)
  view.setUint32(fat + 4, options.directoryNext ?? END_OF_CHAIN, true)
  for (let i = 2; i < 2 + STREAM_SECTORS; i++) {
    const next = i === 1 + STREAM_SECTORS ? END_OF_CHAIN : i + 1
    view.setUint32(fat + i * 4, next, true)
  }

  writeDirectoryEntry(view, sector * 2, 'Root Entry', 5, END_OF_CHAIN, 0, 1)
  const name = options.streamName ?? 'Workbook'
  writeDirectoryEntry(view, sector * 2 + 128, name, 2, 2, 4096, FREE)
  for (let i = 2; i < 4; i++) {
    writeDirectoryEntry(view, sector * 2 + i * 128, '', 0, 0, 0, FREE)
  }

  return out
}

function writeDirectoryEntry(
  view: DataView,
  at: number,
  name: string,
  type: number,
  start: number,
  size: number,
  child: number,
): void {
  for (let i = 0; i < name.length; i++) {
    view.setUint16(at + i * 2, name.charCodeAt(i), true)
  }
  view.setUint16(at + 0x40, name.length === 0 ? 0 : (name.length + 1) * 2, true)
  view.setUint8(at + 0x42, type)
  view.setUint32(at + 0x44, FREE, true)
  view.setUint32(at + 0x48, FREE, true)
  view.setUint32(at + 0x4c, child, true)
  view.setUint32(at + 0x74, start, true)
  view.setUint32(at + 0x78, size, true)
}

/** An XLS whose directory chain points back at itself. */
export function sectorLoopXls(): Uint8Array {
  return cfb({ directoryNext: 1 })
}

/**
 * Filenames that must never reach a disk, a log or a page as they are,
 * each with the reason it is refused.
 */
export const BAD_FILENAMES: ReadonlyArray<[string, string]> = [
  ['../../etc/passwd.pdf', 'parent folder'],
  ['..\\..\\boot.ini.pdf', 'parent folder, Windows'],
  ['faktura/../x.pdf', 'slash'],
  ['C:\\faktura.pdf', 'backslash'],
  ['faktura\u0000.pdf.exe', 'NUL'],
  ['faktura\n.pdf', 'line feed'],
  ['faktura\u001b[31m.pdf', 'escape'],
  ['faktura\u202efdp.exe', 'right-to-left override'],
  ['faktura\u2066.pdf', 'bidi isolate'],
  ['faktura<script>.pdf', 'angle bracket'],
  ['faktura|rm -rf.pdf', 'pipe'],
  ['faktura&calc.pdf', 'ampersand'],
  ['faktura;ls.pdf', 'semicolon'],
  ['$(reboot).pdf', 'command substitution'],
  ['`id`.pdf', 'backtick'],
  [`${'a'.repeat(300)}.pdf`, '300+ characters'],
  ['', 'empty'],
  ['   ', 'blank'],
  ['.pdf', 'no name'],
]

/**
 * JavaScript that, if anything ever runs it, raises `globalThis.pwned` and
 * writes `markerPath`, so a run is visible from outside a worker thread.
 */
export function fontPayload(markerPath: string): string {
  return (
    'globalThis.pwned = 1; globalThis.process?.getBuiltinModule?.' +
    `('node:fs').writeFileSync(${JSON.stringify(markerPath)}, 'ran')`
  )
}

/**
 * A FontMatrix whose last entry is a string that closes the call pdf.js
 * up to 4.1 wrote into compiled glyph code (`c.transform(` + the entries
 * joined by commas + `);`) and runs `js` after it (CVE-2024-4367).
 */
export function injectedFontMatrix(js: string): Array<number | string> {
  return [1, 0, 0, 1, 0, `0); ${js} //`]
}

/**
 * One page showing `shown` in an embedded Type1 font. The font dictionary
 * carries `injectedFontMatrix(js)`; the font program states no FontMatrix
 * of its own, so a reader that trusted the dictionary's would compile the
 * string into every glyph of the page.
 */
export function fontInjectionPdf(js: string, shown = 'Faktura'): Uint8Array {
  const program = type1Font('Hostile', TYPE1_GLYPHS)
  const matrix = injectedFontMatrix(js).map(pdfValue).join(' ')
  const page = `BT /F1 24 Tf 72 700 Td (${pdfString(shown)}) Tj ET`

  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      '/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${page.length} >>\nstream\n${page}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Hostile ' +
      `/FontDescriptor 6 0 R /FontMatrix [${matrix}] >>`,
    '<< /Type /FontDescriptor /FontName /Hostile /Flags 32 ' +
      '/FontBBox [0 0 600 700] /ItalicAngle 0 /Ascent 700 /Descent 0 ' +
      '/CapHeight 700 /StemV 80 /FontFile 7 0 R >>',
    concat([
      text(
        `<< /Length ${program.bytes.length} /Length1 ${program.clearLength} ` +
          `/Length2 ${program.bytes.length - program.clearLength} ` +
          '/Length3 0 >>\nstream\n',
      ),
      program.bytes,
      text('\nendstream'),
    ]),
  ])
}

function pdfValue(value: number | string): string {
  return typeof value === 'number' ? String(value) : `(${pdfString(value)})`
}

function pdfString(value: string): string {
  return value.replace(/[\\()]/g, (c) => `\\${c}`)
}

/** Every glyph a box: a font program needs outlines, not pretty ones. */
const TYPE1_GLYPHS = ['.notdef', 'F', 'a', 'k', 't', 'u', 'r', 'space']

interface Type1Program {
  bytes: Uint8Array
  /** How many bytes of `bytes` are the clear-text part. */
  clearLength: number
}

/** A Type1 font program: clear-text header, then an eexec part. */
function type1Font(name: string, glyphs: string[]): Type1Program {
  const clear = text(
    `%!FontType1-1.0: ${name} 001.000\n` +
      '12 dict begin\n' +
      `/FontName /${name} def\n` +
      '/Encoding StandardEncoding def\n' +
      '/PaintType 0 def\n/FontType 1 def\n' +
      '/FontBBox {0 0 600 700} readonly def\n' +
      'currentdict end\ncurrentfile eexec\n',
  )
  const strings = glyphs.map((glyph) => {
    const box = glyph === '.notdef' || glyph === 'space' ? [] : BOX
    const encoded = charString([0, 600, 'hsbw', ...box, 'endchar'])
    return concat([
      text(`/${glyph} ${encoded.length} RD `),
      encoded,
      text(' ND\n'),
    ])
  })
  const secret = concat([
    text(
      'dup /Private 8 dict dup begin\n' +
        '/RD {string currentfile exch readstring pop} executeonly def\n' +
        '/ND {noaccess def} executeonly def\n' +
        '/NP {noaccess put} executeonly def\n' +
        '/lenIV 4 def\n/BlueValues [] def\n/password 5839 def\n' +
        '/MinFeature {16 16} def\n' +
        `2 index /CharStrings ${glyphs.length} dict dup begin\n`,
    ),
    ...strings,
    text(
      'end\nend\nreadonly put\nnoaccess put\ndup /FontName get exch ' +
        'definefont pop\nmark currentfile closefile\n',
    ),
  ])

  return {
    bytes: concat([clear, eexec(concat([new Uint8Array(4), secret]), 55665)]),
    clearLength: clear.length,
  }
}

/** A 400 × 600 box 100 units in: rmoveto, three lines, closepath. */
const BOX: CharToken[] = [
  100,
  0,
  'rmoveto',
  400,
  'hlineto',
  600,
  'vlineto',
  -400,
  'hlineto',
  'closepath',
]

type CharToken = number | keyof typeof CHAR_OPERATORS

const CHAR_OPERATORS = {
  hsbw: 13,
  rmoveto: 21,
  hlineto: 6,
  vlineto: 7,
  closepath: 9,
  endchar: 14,
}

/**
 * Type1 charstring bytes, eexec-encrypted with the four leading bytes
 * that lenIV 4 asks for.
 */
function charString(program: CharToken[]): Uint8Array {
  const bytes = program.flatMap((token) =>
    typeof token === 'number'
      ? charStringNumber(token)
      : [CHAR_OPERATORS[token]],
  )

  return eexec(Uint8Array.from([0, 0, 0, 0, ...bytes]), 4330)
}

function charStringNumber(n: number): number[] {
  if (n >= -107 && n <= 107) return [n + 139]
  if (n >= 108 && n <= 1131) return [((n - 108) >> 8) + 247, (n - 108) & 255]
  if (n >= -1131 && n <= -108) {
    return [((-n - 108) >> 8) + 251, (-n - 108) & 255]
  }

  return [255, (n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255]
}

function eexec(plain: Uint8Array, key: number): Uint8Array {
  const out = new Uint8Array(plain.length)
  let r = key
  plain.forEach((p, i) => {
    const c = p ^ (r >> 8)
    out[i] = c
    r = ((c + r) * 52845 + 22719) & 0xffff
  })

  return out
}
