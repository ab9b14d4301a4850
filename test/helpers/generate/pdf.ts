import { deflateSync } from 'node:zlib'
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib'
import type { PDFFont, PDFRef } from 'pdf-lib'
import type {
  InvoiceDraft,
  InvoiceLine,
  IsoDate,
  SubscriptionDraft,
} from '../../../src/domain/invoice.js'
import { formatOre, sumOre } from '../../../src/domain/money.js'
import { formatPhone } from '../../../src/domain/phone.js'

/**
 * Lays an invoice draft out as Telia Norge's "Samlefaktura" PDF, the way
 * the fixtures are laid out: page 1 with the header and its values on the
 * line under their labels, page 2 with the summary of all subscriptions,
 * then one `Tjenestespesifikasjon` block per subscription, continued under
 * a `(fortsettelse)` heading when it runs over a page break. Some texts
 * are drawn in two pieces, as Telia's printer does.
 */
export interface RenderOptions {
  buyer?: string
  /** Which texts are drawn in two pieces: every fifth by default. */
  pieces?: 'some' | 'all' | 'none'
  /** Stamp the scanning service's `Scan ID: …` line on page 1. */
  stamp?: boolean
}

const PAGE_SIZE: [number, number] = [595.276, 841.89]
const TOP = 751.89
const BOTTOM = 60
const RIGHT = 565
const DESCRIPTION_X = 30
const PERIOD_X = 200
/** Right edges of the right-aligned columns, as in the fixtures. */
const COLUMN_RIGHT = {
  quantity: 300,
  usage: 360,
  gross: 420,
  discountPercent: 460,
  discount: 505,
  net: RIGHT,
}
const SPLIT_EVERY = 5

interface Draw {
  text: string
  x: number
  y: number
  size: number
  bold: boolean
}

interface Fonts {
  regular: PDFFont
  bold: PDFFont
}

interface Sheet {
  fonts: Fonts
  widths: Map<string, number>
  pages: Draw[][]
  page: Draw[]
  /** Baseline of the next thing to draw. */
  y: number
  pieces: NonNullable<RenderOptions['pieces']>
  drawn: number
  runningHead: [string, string]
}

interface TextStyle {
  size: number
  bold?: boolean
  /** Align the text's right edge to x instead of its left edge. */
  right?: boolean
}

export async function renderTeliaPdf(
  draft: InvoiceDraft,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  }
  const buyer = options.buyer ?? 'Nordlys Medisinsk AS'
  const sheet: Sheet = {
    fonts,
    widths: new Map(),
    pages: [],
    page: [],
    y: TOP,
    pieces: options.pieces ?? 'some',
    drawn: 0,
    runningHead: [
      `Samlefaktura, ${buyer}`,
      `Fakturanummer ${draft.header.number}`,
    ],
  }

  drawFirstPage(sheet, draft, buyer, options.stamp ?? true)
  drawSummary(sheet, draft)
  newPage(sheet)
  for (const subscription of draft.subscriptions) {
    drawBlock(sheet, subscription)
  }
  drawFooters(sheet)

  return writePdf(doc, fonts, sheet.pages)
}

// Page 1

function drawFirstPage(
  sheet: Sheet,
  draft: InvoiceDraft,
  buyer: string,
  stamp: boolean,
): void {
  const h = draft.header
  sheet.page = []
  sheet.pages.push(sheet.page)

  drawAddresses(sheet, buyer)
  drawInfo(sheet, 721.89, 'Kundeservice:', '924 05 051')
  drawInfo(sheet, 709.89, 'Swift/BIC:', 'NDEANOKK')
  drawInfo(sheet, 697.89, 'IBAN:', 'NO93 8601 1117 947')
  drawInfo(sheet, 685.89, 'Foretaksregisteret:', orgNoText(h.supplierOrgNo))
  drawInfo(sheet, 655.89, 'Fakturadato:', shortDate(h.issueDate))
  drawInfo(sheet, 643.89, 'Fakturanummer:', h.number)
  drawInfo(sheet, 631.89, 'Kundenummer/KID:', h.customerNumber ?? '')
  drawPayment(sheet, draft)
  if (stamp) drawStamp(sheet, h.issueDate)
  drawSectionTable(sheet, draft)
  drawTotals(sheet, draft)
}

function drawAddresses(sheet: Sheet, buyer: string): void {
  const sender = [
    'Retur:',
    'Sergel Norge AS',
    'Postboks 177',
    '3201 Sandefjord',
  ]
  sender.forEach((text, i) => put(sheet, text, 350, 781.89 - i * 10, small))
  put(sheet, 'FAKTURA', 520, 771.89, { size: 14, bold: true })
  put(sheet, 'Samlefaktura', 250, 691.89, { size: 10, bold: true })
  const address = [buyer, 'Eksempelveien 12', '2020 Skedsmokorset']
  address.forEach((text, i) => put(sheet, text, 250, 678.89 - i * 10, small))
}

const small: TextStyle = { size: 8 }
const smallBold: TextStyle = { size: 8, bold: true }
const smallRight: TextStyle = { size: 8, right: true }

function drawInfo(sheet: Sheet, y: number, label: string, value: string) {
  put(sheet, label, 420, y, small)
  put(sheet, value, RIGHT, y, smallRight)
}

function drawPayment(sheet: Sheet, draft: InvoiceDraft): void {
  const h = draft.header
  const labels = ['Betalingsfrist:', 'Til konto:', 'KID:', 'Å betale (NOK):']
  const xs = [260, 330, 420, 490]
  labels.forEach((label, i) => put(sheet, label, xs[i]!, 591.89, smallBold))

  put(sheet, shortDate(h.dueDate), 260, 575.89, small)
  put(sheet, accountText(h.account), 330, 575.89, small)
  put(sheet, h.kid ?? '', 420, 575.89, small)
  put(sheet, amount(h.payableOre), 490, 575.89, { size: 9, bold: true })
  put(
    sheet,
    'Ved for sen betaling kan det påløpe forsinkelsesrente og EU-gebyr.',
    255,
    561.89,
    { size: 7 },
  )
}

function drawStamp(sheet: Sheet, issueDate: IsoDate | null): void {
  const text =
    `Scan ID: 100200300|Arrived: ${issueDate ?? ''} 23:19|` +
    'Source: Skanner|From: faktura@example.no|'
  put(sheet, text, 30, 535.89, { size: 6 })
}

function drawSectionTable(sheet: Sheet, draft: InvoiceDraft): void {
  const y = 495.89
  put(sheet, 'Tjeneste', 255, y, smallBold)
  put(sheet, 'Mva-pliktig', 420, y, { ...smallBold, right: true })
  put(sheet, 'Mva-fritt', 490, y, { ...smallBold, right: true })
  put(sheet, 'Sum ekskl. mva', RIGHT, y, { ...smallBold, right: true })

  const lines = draft.subscriptions.flatMap((s) => s.lines)
  sectionsOf(lines).forEach(([section, inSection], i) => {
    const row = y - 12 * (i + 1)
    const baseOre = netOf(inSection, 'standard')
    const freeOre = netOf(inSection, 'exempt')
    put(sheet, section, 255, row, small)
    put(sheet, amount(baseOre), 420, row, smallRight)
    put(sheet, amount(freeOre), 490, row, smallRight)
    put(sheet, amount(baseOre + freeOre), RIGHT, row, smallRight)
  })
}

function drawTotals(sheet: Sheet, draft: InvoiceDraft): void {
  const h = draft.header
  const rows: [string, number, boolean][] = [
    ['Mva-pliktig', h.vatBaseOre, false],
    ['Mva-fritt', h.vatFreeOre, false],
    ['Mva', h.vatOre, false],
    ['Å betale', h.payableOre, true],
  ]
  put(sheet, 'Påløpt denne fakturaen', 255, 435.89, smallBold)
  rows.forEach(([label, ore, bold], i) => {
    const y = 423.89 - 12 * i
    put(sheet, label, 255, y, { size: 8, bold })
    put(sheet, amount(ore), RIGHT, y, { size: 8, bold, right: true })
  })
}

// Page 2: "Oppsummering av alle abonnement", which is not a block

function drawSummary(sheet: Sheet, draft: InvoiceDraft): void {
  newPage(sheet)
  put(sheet, 'Oppsummering av alle abonnement', 30, sheet.y, {
    size: 10,
    bold: true,
  })
  sheet.y -= 20
  drawColumnHeader(sheet)
  sheet.y -= 22

  const lines = draft.subscriptions.flatMap((s) => s.lines)
  for (const [section, inSection] of sectionsOf(lines)) {
    drawSection(sheet, section, groupLines(inSection), null)
    room(sheet, 10, null)
    drawTotalRow(sheet, inSection)
    sheet.y -= 18
  }

  const rounding = draft.header.vatRoundingOre
  room(sheet, 30, null)
  if (rounding !== null) {
    put(sheet, 'Mva. avrunding', DESCRIPTION_X, sheet.y, small)
    put(sheet, amount(rounding), COLUMN_RIGHT.gross, sheet.y, smallRight)
    sheet.y -= 10
  }
  put(sheet, '* ikke Mva-pliktig', DESCRIPTION_X, sheet.y, small)
  put(sheet, '** Avgiftsfritt fra innholdsleverandør', 30, sheet.y - 10, small)
}

function groupLines(lines: readonly InvoiceLine[]): InvoiceLine[] {
  const groups = new Map<string, InvoiceLine>()
  for (const line of lines) {
    const key = `${line.description}|${line.periodStart}|${line.periodEnd}`
    const group = groups.get(key)
    if (group) {
      addInto(group, line)
    } else {
      groups.set(key, { ...line })
    }
  }

  return [...groups.values()]
}

function addInto(group: InvoiceLine, line: InvoiceLine): void {
  const plus = (a: number | null, b: number | null) =>
    a === null && b === null ? null : (a ?? 0) + (b ?? 0)
  const count = Number(group.quantity ?? 0) + Number(line.quantity ?? 0)

  group.quantity = group.quantity === null ? null : String(count)
  group.usage = null
  group.grossOre = plus(group.grossOre, line.grossOre)
  group.discountOre = plus(group.discountOre, line.discountOre)
  group.netOre += line.netOre
}

function drawTotalRow(sheet: Sheet, lines: readonly InvoiceLine[]): void {
  const y = sheet.y
  const grossOre = sumOre(lines.map((l) => l.grossOre ?? l.netOre))
  const discountOre = sumOre(lines.map((l) => l.discountOre ?? 0))
  const netOre = sumOre(lines.map((l) => l.netOre))
  put(sheet, 'Total', DESCRIPTION_X, y, small)
  put(sheet, amount(grossOre), COLUMN_RIGHT.gross, y, smallRight)
  put(sheet, amount(discountOre), COLUMN_RIGHT.discount, y, smallRight)
  put(sheet, amount(netOre), COLUMN_RIGHT.net, y, smallRight)
  sheet.y -= 10
}

// Pages 3…N: one block per subscription

function drawBlock(sheet: Sheet, subscription: SubscriptionDraft): void {
  if (sheet.y - 47 < BOTTOM) newPage(sheet)
  drawHeading(sheet, subscription, false)

  for (const [section, lines] of sectionsOf(subscription.lines)) {
    drawSection(sheet, section, lines, subscription)
    sheet.y -= 8
  }
  room(sheet, 30, subscription)
  drawBlockEnd(sheet, subscription)
  sheet.y -= 24
}

function drawHeading(
  sheet: Sheet,
  subscription: SubscriptionDraft,
  continued: boolean,
): void {
  const marker = continued ? '(fortsettelse) ' : ''
  const number = formatPhone(subscription.phone)
  const text =
    `Tjenestespesifikasjon for ${marker}` + `${subscription.user} - ${number}`
  put(sheet, text, DESCRIPTION_X, sheet.y, { size: 9, bold: true })
  sheet.y -= 14
  drawColumnHeader(sheet)
  sheet.y -= 22
}

function drawColumnHeader(sheet: Sheet): void {
  const top = sheet.y
  const below = top - 9
  const head: TextStyle = { size: 7, bold: true }
  const right: TextStyle = { ...head, right: true }
  const c = COLUMN_RIGHT
  put(sheet, 'Tjeneste', DESCRIPTION_X, top, head)
  put(sheet, 'Periode', PERIOD_X, top, head)
  put(sheet, 'Antall', c.quantity, top, right)
  put(sheet, 'Tid/MB', c.usage, top, right)
  put(sheet, 'Sum', c.gross, top, right)
  put(sheet, 'ekskl. mva', c.gross, below, right)
  put(sheet, 'Rabatt', c.discountPercent, top, right)
  put(sheet, '%', c.discountPercent, below, right)
  put(sheet, 'Sum', c.discount, top, right)
  put(sheet, 'rabatt', c.discount, below, right)
  put(sheet, 'Sum ekskl. mva', c.net, top, right)
  put(sheet, 'inkl. rabatt', c.net, below, right)
}

function drawSection(
  sheet: Sheet,
  section: string,
  lines: readonly InvoiceLine[],
  block: SubscriptionDraft | null,
): void {
  room(sheet, 11, block)
  put(sheet, section, DESCRIPTION_X, sheet.y, smallBold)
  sheet.y -= 11
  for (const line of lines) {
    room(sheet, 0, block)
    drawLine(sheet, line)
    sheet.y -= 10
  }
}

function drawLine(sheet: Sheet, line: InvoiceLine): void {
  const y = sheet.y
  const c = COLUMN_RIGHT
  put(sheet, line.description, DESCRIPTION_X, y, small)
  put(sheet, periodText(line), PERIOD_X, y, small)
  if (line.grossOre === null && line.discountOre === null) {
    put(sheet, amount(line.netOre), c.gross, y, smallRight)
    return
  }

  put(sheet, line.quantity ?? '', c.quantity, y, smallRight)
  put(sheet, line.usage ?? '', c.usage, y, smallRight)
  put(sheet, amount(line.grossOre ?? line.netOre), c.gross, y, smallRight)
  put(sheet, line.discountPercent ?? '0', c.discountPercent, y, smallRight)
  put(sheet, amount(line.discountOre ?? 0), c.discount, y, smallRight)
  put(sheet, amount(line.netOre), c.net, y, smallRight)
}

function drawBlockEnd(sheet: Sheet, s: SubscriptionDraft): void {
  const rows: [string, number][] = [
    ['Sum mva-pliktig 25%', s.vatBaseOre],
    ['Sum mva-fritt', s.vatFreeOre],
    ['Mva 25%', s.vatOre],
    ['Sum denne periode', s.totalOre],
  ]
  for (const [label, ore] of rows) {
    put(sheet, label, DESCRIPTION_X, sheet.y, small)
    put(sheet, amount(ore), COLUMN_RIGHT.net, sheet.y, smallRight)
    sheet.y -= 10
  }
}

/**
 * Starts a new page when `below` points under the next baseline would
 * cross the bottom margin, going on with the block under a continuation
 * heading.
 */
function room(sheet: Sheet, below: number, block: SubscriptionDraft | null) {
  if (sheet.y - below >= BOTTOM) return

  newPage(sheet)
  if (block) drawHeading(sheet, block, true)
}

function newPage(sheet: Sheet): void {
  sheet.page = []
  sheet.pages.push(sheet.page)
  put(sheet, sheet.runningHead[0], DESCRIPTION_X, 801.89, smallBold)
  put(sheet, sheet.runningHead[1], DESCRIPTION_X, 789.89, small)
  sheet.y = TOP
}

function drawFooters(sheet: Sheet): void {
  const footer =
    'Telia Norge AS · Postboks 4444 Nydalen · 0403 Oslo · ' +
    'Foretaksregisteret NO 981 929 055 MVA'
  const count = sheet.pages.length
  sheet.pages.forEach((page, i) => {
    sheet.page = page
    put(sheet, footer, 60, 30, { size: 6 })
    put(sheet, `Side: ${i + 1} av ${count}`, RIGHT, 30, {
      size: 7,
      right: true,
    })
  })
}

// Drawing

function put(
  sheet: Sheet,
  text: string,
  x: number,
  y: number,
  style: TextStyle,
): void {
  if (text === '') return

  const bold = style.bold ?? false
  const left = style.right ? x - width(sheet, text, style) : x
  sheet.drawn++
  if (text.length < 2 || !splits(sheet)) {
    sheet.page.push({ text, x: left, y, size: style.size, bold })
    return
  }

  const head = text.slice(0, 1)
  const tail = text.slice(1)
  const tailX = left + width(sheet, head, style)
  sheet.page.push({ text: head, x: left, y, size: style.size, bold })
  sheet.page.push({ text: tail, x: tailX, y, size: style.size, bold })
}

function splits(sheet: Sheet): boolean {
  if (sheet.pieces === 'all') return true
  if (sheet.pieces === 'none') return false

  return sheet.drawn % SPLIT_EVERY === 0
}

function width(sheet: Sheet, text: string, style: TextStyle): number {
  const key = `${style.bold ? 'b' : 'r'}${style.size}|${text}`
  let w = sheet.widths.get(key)
  if (w === undefined) {
    const font = style.bold ? sheet.fonts.bold : sheet.fonts.regular
    w = font.widthOfTextAtSize(text, style.size)
    sheet.widths.set(key, w)
  }

  return w
}

/**
 * Writes each page's content stream directly: drawing a few hundred
 * thousand texts through pdf-lib's operators would take minutes for the
 * 2,000-subscription benchmark. Each text stands in its own `q BT … ET Q`,
 * so pdf.js hands pieces out separately, as it does for real invoices.
 */
async function writePdf(
  doc: PDFDocument,
  fonts: Fonts,
  pages: readonly Draw[][],
): Promise<Uint8Array> {
  const context = doc.context
  const resources = context.register(
    context.obj({ Font: { F1: fonts.regular.ref, F2: fonts.bold.ref } }),
  )
  const encoded = new Map<string, string>()
  for (const draws of pages) {
    const page = doc.addPage(PAGE_SIZE)
    page.node.set(PDFName.of('Resources'), resources)
    page.node.set(
      PDFName.of('Contents'),
      contentStream(doc, fonts, draws, encoded),
    )
  }

  return doc.save()
}

function contentStream(
  doc: PDFDocument,
  fonts: Fonts,
  draws: readonly Draw[],
  encoded: Map<string, string>,
): PDFRef {
  const ops: string[] = []
  for (const d of draws) {
    const font = d.bold ? fonts.bold : fonts.regular
    const name = d.bold ? 'F2' : 'F1'
    let hex = encoded.get(d.text)
    if (hex === undefined) {
      hex = font.encodeText(d.text).toString()
      encoded.set(d.text, hex)
    }
    ops.push(
      `q BT /${name} ${d.size} Tf 1 0 0 1 ${d.x.toFixed(3)} ` +
        `${d.y.toFixed(3)} Tm ${hex} Tj ET Q`,
    )
  }
  const bytes = deflateSync(Buffer.from(ops.join('\n'), 'latin1'))
  const stream = doc.context.stream(bytes, { Filter: 'FlateDecode' })

  return doc.context.register(stream)
}

// Text as Telia prints it

function sectionsOf(lines: readonly InvoiceLine[]): [string, InvoiceLine[]][] {
  const sections = new Map<string, InvoiceLine[]>()
  for (const line of lines) {
    const list = sections.get(line.section)
    if (list) {
      list.push(line)
    } else {
      sections.set(line.section, [line])
    }
  }

  return [...sections]
}

function netOf(
  lines: readonly InvoiceLine[],
  category: InvoiceLine['vatCategory'],
): number {
  return sumOre(
    lines.filter((l) => l.vatCategory === category).map((l) => l.netOre),
  )
}

function amount(ore: number): string {
  return formatOre(ore, '.')
}

function shortDate(iso: IsoDate | null): string {
  if (iso === null) return ''

  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(2, 4)}`
}

function periodText(line: InvoiceLine): string {
  if (line.periodStart === null) return ''
  if (line.periodStart === line.periodEnd || line.periodEnd === null) {
    return shortDate(line.periodStart)
  }

  return `${shortDate(line.periodStart)}-${shortDate(line.periodEnd)}`
}

function orgNoText(orgNo: string | null): string {
  const digits = orgNo ?? '981929055'

  return `NO ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)} MVA`
}

function accountText(account: string | null): string {
  if (account === null) return ''

  return `${account.slice(0, 4)} ${account.slice(4, 6)} ${account.slice(6)}`
}
