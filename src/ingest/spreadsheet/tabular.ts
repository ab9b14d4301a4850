import { subscriptionFromLines } from '../../domain/draft.js'
import type {
  InvoiceDraft,
  InvoiceHeader,
  Problem,
  ReadResult,
  SubscriptionDraft,
} from '../../domain/invoice.js'
import { sumOre } from '../../domain/money.js'
import type { PhoneNumber } from '../../domain/phone.js'
import type { LayoutProfile } from '../profile.js'
import { normalizeLabel } from './book.js'
import type { Book, Sheet } from './book.js'
import { findHeader } from './columns.js'
import type { HeaderMatch } from './columns.js'
import type { SheetField } from './layout.js'
import { readLines } from './lines.js'
import type { SheetLine, StatedTotals } from './lines.js'
import { resolveLayout } from './resolve-layout.js'
import type { ResolvedLayout } from './resolve-layout.js'
import { crossCheckSummary } from './summary.js'
import { teliaSheetProfile } from './telia-layout.js'
import { readTitles } from './titles.js'
import type { TitleFacts } from './titles.js'

/**
 * The one reader behind both spreadsheet formats: it finds the sheet and
 * its header, reads the lines, groups them by phone number in order of
 * first appearance and states the header totals.
 */
export function readSpecification(
  book: Book,
  format: 'xlsx' | 'xls',
  profile: LayoutProfile | undefined,
): ReadResult {
  const layout = resolveLayout(profile)
  const found = findLineSheet(book, layout)
  if (found.header.missing.length > 0) {
    return { ok: false, problems: [columnsUnrecognised(found)] }
  }

  const { sheet, header } = found
  const titles = readTitles(
    sheet.rows.slice(0, header.rowIndex),
    layout.titles,
    book.date1904,
  )
  const read = readLines(sheet.rows, header.rowIndex, {
    columns: header.columns,
    totalWords: new Set(layout.totalWords.map(normalizeLabel)),
    date1904: book.date1904,
  })
  const subscriptions = groupByPhone(read.lines)
  const draft: InvoiceDraft = {
    format,
    header: invoiceHeader(
      profile,
      titles,
      read.lines,
      subscriptions,
      read.stated,
    ),
    subscriptions,
    unassignedLines: [],
  }
  const summary = crossCheckSummary(book, layout, subscriptions)

  return { ok: true, draft, problems: [...read.problems, ...summary] }
}

interface LineSheet {
  sheet: Sheet
  header: HeaderMatch<SheetField>
}

/** The named sheet first, then the others; the first one that fits wins. */
function findLineSheet(book: Book, layout: ResolvedLayout): LineSheet {
  const named = new Set(layout.sheetNames.map(normalizeLabel))
  const sheets = [...book.sheets].sort(
    (a, b) => rank(a, named) - rank(b, named),
  )
  let best: LineSheet | null = null
  for (const sheet of sheets) {
    const header = findHeader(sheet, {
      synonyms: layout.columns,
      mapping: layout.mapping,
      required: layout.required,
    })
    if (!header) continue
    if (header.missing.length === 0) return { sheet, header }
    best ??= { sheet, header }
  }

  return best ?? emptySheet(book, layout)
}

function rank(sheet: Sheet, named: Set<string>): number {
  return named.has(normalizeLabel(sheet.name)) ? 0 : 1
}

function emptySheet(book: Book, layout: ResolvedLayout): LineSheet {
  return {
    sheet: book.sheets[0] ?? { name: '', rows: [] },
    header: { rowIndex: 0, headers: [], columns: {}, missing: layout.required },
  }
}

const FIELD_NAMES: Partial<Record<SheetField, string>> = {
  phone: 'telefonnummer',
  description: 'tjeneste',
  net: 'beløp ekskl. mva',
  user: 'bruker',
}

function columnsUnrecognised({ sheet, header }: LineSheet): Problem {
  const names = header.missing.map((f) => FIELD_NAMES[f] ?? f)

  return {
    code: 'columns-unrecognised',
    message:
      `Fant ikke kolonnene for ${names.join(', ')} i arket «${sheet.name}». ` +
      'Velg hvilke kolonner som er hva, så husker Telekost det til neste gang.',
    detail: JSON.stringify({
      sheet: sheet.name,
      headerRow: header.rowIndex + 1,
      headers: header.headers,
      missing: header.missing,
    }),
  }
}

function groupByPhone(lines: SheetLine[]): SubscriptionDraft[] {
  const groups = new Map<PhoneNumber, { user: string; lines: SheetLine[] }>()
  for (const line of lines) {
    const group = groups.get(line.phone)
    if (!group) groups.set(line.phone, { user: line.user, lines: [line] })
    else {
      group.lines.push(line)
      group.user ||= line.user
    }
  }

  return [...groups].map(([phone, group]) =>
    subscriptionFromLines(
      phone,
      group.user,
      group.lines.map((l) => l.line),
    ),
  )
}

function invoiceHeader(
  profile: LayoutProfile | undefined,
  titles: TitleFacts,
  lines: SheetLine[],
  subscriptions: SubscriptionDraft[],
  stated: StatedTotals | null,
): InvoiceHeader {
  const vatBaseOre = sumOre(subscriptions.map((s) => s.vatBaseOre))
  const vatFreeOre = sumOre(subscriptions.map((s) => s.vatFreeOre))
  const vatOre = stated?.vatOre ?? sumOre(subscriptions.map((s) => s.vatOre))
  const first = lines.find((l) => l.invoiceNumber || l.invoiceDate)

  return {
    supplier: (profile ?? teliaSheetProfile).supplier,
    supplierOrgNo: null,
    number: titles.invoiceNumber ?? first?.invoiceNumber ?? '',
    customerNumber: titles.customerNumber,
    kid: null,
    issueDate: titles.invoiceDate ?? first?.invoiceDate ?? null,
    dueDate: null,
    currency: 'NOK',
    account: null,
    vatBaseOre,
    vatFreeOre,
    vatOre,
    payableOre: stated?.totalOre ?? vatBaseOre + vatFreeOre + vatOre,
    vatRoundingOre: null,
    pages: null,
  }
}
