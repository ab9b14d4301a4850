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
import type { XmlNode } from './xml.js'

/** PEPPOL BIS Billing 3.0 (EHF) Invoice and CreditNote. */
export const ehfReader: InvoiceReader = {
  format: 'ehf',
  read: async (bytes, options) => readEhf(bytes, options),
}

const LINE_ELEMENT = { Invoice: 'InvoiceLine', CreditNote: 'CreditNoteLine' }
/** More unreadable lines than this say nothing new. */
const MAX_LINE_PROBLEMS = 10

export function readEhf(bytes: Uint8Array, options: ReadOptions): ReadResult {
  const parsed = parseXml(bytes)
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] }
  const { rootName, root } = parsed
  if (rootName !== 'Invoice' && rootName !== 'CreditNote') {
    return { ok: false, problems: [notAnInvoice(rootName)] }
  }

  const sign = rootName === 'CreditNote' ? -1 : 1
  const read = readHeader(root, sign)
  if (!read.ok) return { ok: false, problems: [read.problem] }

  const context = lineContext(rootName, sign, layoutFor(options))
  const lines = readLines(root, LINE_ELEMENT[rootName], context)
  if (!lines.ok) return { ok: false, problems: lines.problems }

  const parts = groupLines(lines.lines, lines.charges)
  const lineVatOre = sumOre(allLines(parts).map((l) => l.vatOre ?? 0))
  const header = vatWithRounding(read.header, read.taxOre, lineVatOre)
  const draft: InvoiceDraft = { format: 'ehf', header, ...parts }

  return { ok: true, draft, problems: phoneProblems(lines.lines, context) }
}

function layoutFor(options: ReadOptions): EhfLayout {
  const layout = options.profile?.ehf ?? TELIA_EHF_LAYOUT
  const phoneProperty = options.phoneProperty ?? layout.phoneProperty

  return { ...layout, phoneProperty }
}

function lineContext(
  rootName: 'Invoice' | 'CreditNote',
  sign: 1 | -1,
  layout: EhfLayout,
): LineContext {
  return {
    sign,
    layout,
    quantityElement:
      rootName === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity',
  }
}

type LinesResult =
  | { ok: true; lines: EhfLine[]; charges: InvoiceLine[] }
  | { ok: false; problems: Problem[] }

function readLines(
  root: XmlNode,
  lineElement: string,
  context: LineContext,
): LinesResult {
  const lines: EhfLine[] = []
  const charges: InvoiceLine[] = []
  const problems: Problem[] = []
  for (const node of childrenOf(root, lineElement)) {
    const read = readLine(node, context)
    if ('code' in read) problems.push(read)
    else lines.push(read)
  }
  for (const node of childrenOf(root, 'AllowanceCharge')) {
    const read = readAllowanceCharge(node, context.sign)
    if ('code' in read) problems.push(read)
    else charges.push(read)
  }

  if (problems.length > 0) {
    return { ok: false, problems: problems.slice(0, MAX_LINE_PROBLEMS) }
  }

  return { ok: true, lines, charges }
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

function allLines(draft: DraftParts): InvoiceLine[] {
  return [
    ...draft.subscriptions.flatMap((s) => s.lines),
    ...draft.unassignedLines,
  ]
}

function phoneProblems(lines: EhfLine[], context: LineContext): Problem[] {
  const withoutPhone = lines.filter((l) => l.phone === null)
  if (withoutPhone.length === 0) return []
  const unreadable = withoutPhone.filter((l) => l.unreadablePhone !== null)
  const property = context.layout.phoneProperty

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

function notAnInvoice(rootName: string): Problem {
  return {
    code: 'ehf-not-invoice',
    message:
      'XML-filen er ikke en EHF-faktura eller -kreditnota. Last opp ' +
      'fakturaen som EHF (PEPPOL BIS Billing 3.0), PDF eller regneark.',
    detail: `root element ${rootName}`,
  }
}
