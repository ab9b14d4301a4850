import type {
  InvoiceDraft,
  InvoiceLine,
  Problem,
  ReadResult,
} from '../../domain/invoice.js'
import { subscriptionFromLines } from '../../domain/draft.js'
import { sumOre } from '../../domain/money.js'
import type { PhoneNumber } from '../../domain/phone.js'
import type { InvoiceReader, ReadOptions } from '../reader.js'
import { readHeader, vatWithRounding } from './header.js'
import { TELIA_EHF_LAYOUT } from './layout.js'
import type { EhfLayout } from './layout.js'
import { readAllowanceCharge, readLine } from './lines.js'
import type { EhfLine, LineContext } from './lines.js'
import { childrenOf, parseXml } from './xml.js'
import type { ScannedRoot, XmlElement } from './xml.js'

/** PEPPOL BIS Billing 3.0 (EHF) Invoice and CreditNote. */
export const ehfReader: InvoiceReader = {
  format: 'ehf',
  read: async (bytes, options) => readEhf(bytes, options),
}

const LINE_ELEMENT = { Invoice: 'InvoiceLine', CreditNote: 'CreditNoteLine' }
/** More unreadable lines than this say nothing new. */
const MAX_LINE_PROBLEMS = 10

export function readEhf(bytes: Uint8Array, options: ReadOptions): ReadResult {
  const layout = layoutFor(options)
  const streamed = lineReader(layout)
  const parsed = parseXml(bytes, streamed.onLine)
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] }
  const { name, namespace, element: root } = parsed.root
  const rootName = ublRootName(name)
  if (!root || !rootName) {
    return { ok: false, problems: [notAnInvoice(name, namespace)] }
  }

  const sign = signOf(rootName)
  const read = readHeader(root, sign)
  if (!read.ok) return { ok: false, problems: [read.problem] }

  const lines = withCharges(streamed.read, root, sign)
  if (!lines.ok) return { ok: false, problems: lines.problems }

  const parts = groupLines(lines.lines, lines.charges)
  const lineVatOre = vatOfLines(parts)
  const header = vatWithRounding(read.header, read.taxOre, lineVatOre)
  const draft: InvoiceDraft = { format: 'ehf', header, ...parts }

  return { ok: true, draft, problems: phoneProblems(lines.lines, layout) }
}

type RootName = keyof typeof LINE_ELEMENT

/** The scanner keeps a root only when its name is UBL's, namespace too. */
function ublRootName(name: string): RootName | null {
  return name === 'Invoice' || name === 'CreditNote' ? name : null
}

/** A credit note's amounts are written positive but credit the buyer. */
function signOf(rootName: RootName): 1 | -1 {
  return rootName === 'CreditNote' ? -1 : 1
}

function layoutFor(options: ReadOptions): EhfLayout {
  const layout = options.profile?.ehf ?? TELIA_EHF_LAYOUT
  const phoneProperty = options.phoneProperty ?? layout.phoneProperty

  return { ...layout, phoneProperty }
}

function lineContext(rootName: RootName, layout: EhfLayout): LineContext {
  return {
    sign: signOf(rootName),
    layout,
    quantityElement:
      rootName === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity',
  }
}

interface StreamedLines {
  lines: EhfLine[]
  problems: Problem[]
}

/**
 * Reads each invoice line as the scanner hands it over, so the lines'
 * elements are garbage as soon as they are read.
 */
function lineReader(layout: EhfLayout) {
  const read: StreamedLines = { lines: [], problems: [] }
  let context: LineContext | null = null
  function onLine(element: XmlElement, root: ScannedRoot): void {
    const rootName = ublRootName(root.name)
    if (!rootName || element.name !== LINE_ELEMENT[rootName]) return
    context ??= lineContext(rootName, layout)
    const line = readLine(element, context)
    if ('code' in line) read.problems.push(line)
    else read.lines.push(line)
  }

  return { read, onLine }
}

type LinesResult =
  | { ok: true; lines: EhfLine[]; charges: InvoiceLine[] }
  | { ok: false; problems: Problem[] }

function withCharges(
  read: StreamedLines,
  root: XmlElement,
  sign: 1 | -1,
): LinesResult {
  const charges: InvoiceLine[] = []
  const problems = [...read.problems]
  for (const node of childrenOf(root, 'AllowanceCharge')) {
    const charge = readAllowanceCharge(node, sign)
    if ('code' in charge) problems.push(charge)
    else charges.push(charge)
  }

  if (problems.length > 0) {
    return { ok: false, problems: problems.slice(0, MAX_LINE_PROBLEMS) }
  }

  return { ok: true, lines: read.lines, charges }
}

/** Subscriptions in the order their numbers first appear in the file. */
type DraftParts = Pick<InvoiceDraft, 'subscriptions' | 'unassignedLines'>

function groupLines(lines: EhfLine[], charges: InvoiceLine[]): DraftParts {
  const byPhone = new Map<PhoneNumber, { user: string; lines: InvoiceLine[] }>()
  const unassignedLines: InvoiceLine[] = []
  for (const { phone, user, line } of lines) {
    if (phone === null) {
      unassignedLines.push(line)
      continue
    }
    const group = byPhone.get(phone) ?? { user, lines: [] }
    group.lines.push(line)
    byPhone.set(phone, group)
  }

  const subscriptions = [...byPhone].map(([phone, group]) =>
    subscriptionFromLines(phone, group.user, group.lines),
  )

  return { subscriptions, unassignedLines: [...unassignedLines, ...charges] }
}

function vatOfLines(draft: DraftParts): number {
  const vatOf = (lines: InvoiceLine[]) =>
    sumOre(lines.map((l) => l.vatOre ?? 0))
  const subscriptionsOre = draft.subscriptions.map((s) => vatOf(s.lines))

  return sumOre(subscriptionsOre) + vatOf(draft.unassignedLines)
}

function phoneProblems(lines: EhfLine[], layout: EhfLayout): Problem[] {
  const withoutPhone = lines.filter((l) => l.phone === null)
  if (withoutPhone.length === 0) return []
  const unreadable = withoutPhone.filter((l) => l.unreadablePhone !== null)
  const property = layout.phoneProperty

  return [
    {
      code: 'ehf-lines-without-phone',
      message:
        `${withoutPhone.length} linjer har ikke noe gyldig telefonnummer i ` +
        `egenskapen «${property}» og er ført som ikke fordelt. Kontroller ` +
        'at riktig egenskap er valgt i leverandørprofilen.',
      detail: `${unreadable.length} with an unreadable number`,
    },
  ]
}

function notAnInvoice(name: string, namespace: string | null): Problem {
  return {
    code: 'ehf-not-invoice',
    message:
      'XML-filen er ikke en EHF-faktura eller -kreditnota. Last opp ' +
      'fakturaen som EHF (PEPPOL BIS Billing 3.0), PDF eller regneark.',
    detail: `root element ${name} in ${namespace ?? 'no namespace'}`,
  }
}
