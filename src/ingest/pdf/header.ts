import { parseOre } from '../../domain/money.js'
import type { InvoiceHeader, Problem } from '../../domain/invoice.js'
import { cellsOf } from './columns.js'
import type { Cells, ColumnSpan } from './columns.js'
import type { PdfLayout, PdfPaymentLabels, PdfTotals } from './layout.js'
import { xAt } from './lines.js'
import type { TextLine } from './lines.js'
import { firstCapture, patternsOf } from './patterns.js'
import type { LayoutPatterns } from './patterns.js'
import { dateFromShort, isMod10 } from './values.js'

export type HeaderResult =
  | { ok: true; header: InvoiceHeader; problems: Problem[] }
  | { ok: false; problems: Problem[] }

type PaymentField = keyof PdfPaymentLabels
type Totals = Record<keyof PdfTotals, number>

/**
 * Reads the invoice header from page 1, and the VAT rounding from the
 * summary pages. Totals come from `Påløpt denne fakturaen`.
 */
export function readHeader(
  firstPage: readonly TextLine[],
  summaryLines: readonly TextLine[],
  layout: PdfLayout,
  pageCount: number,
): HeaderResult {
  const p = patternsOf(layout)
  const number = firstCapture(firstPage, p.invoiceNumber)
  const totals = readTotals(firstPage, p)
  if (!number || !totals) {
    return { ok: false, problems: [headerMissing(number, totals)] }
  }

  const problems: Problem[] = []
  const customerNumber = firstCapture(firstPage, p.customerNumber)
  const payment = readPaymentRow(firstPage, p) ?? {}
  const rounding = firstCapture(summaryLines, p.vatRounding)
  const header: InvoiceHeader = {
    supplier: layout.supplier,
    supplierOrgNo: digitsOrNull(firstCapture(firstPage, p.supplierOrgNo)),
    number,
    customerNumber,
    kid: digitsOrNull(payment.kid) ?? customerNumber,
    issueDate: readDate(firstCapture(firstPage, p.issueDate), problems),
    dueDate: readDate(payment.dueDate ?? null, problems),
    currency: layout.currency,
    account: digitsOrNull(payment.account),
    vatBaseOre: totals.vatBase,
    vatFreeOre: totals.vatFree,
    vatOre: totals.vat,
    payableOre: totals.payable,
    vatRoundingOre: rounding === null ? null : parseOre(rounding),
    pages: pageCount,
  }
  problems.push(...headerWarnings(header, payment.payable))

  return { ok: true, header, problems }
}

function readTotals(
  lines: readonly TextLine[],
  p: LayoutPatterns,
): Totals | null {
  const start = lines.findIndex((l) => p.summaryHeading.test(l.text))
  if (start < 0) return null

  const after = lines.slice(start + 1)
  const vatBase = amountOf(after, p.summary.vatBase)
  const vatFree = amountOf(after, p.summary.vatFree)
  const vat = amountOf(after, p.summary.vat)
  const payable = amountOf(after, p.summary.payable)
  if (vatBase === null || vatFree === null || vat === null) return null
  if (payable === null) return null

  return { vatBase, vatFree, vat, payable }
}

function amountOf(lines: readonly TextLine[], pattern: RegExp): number | null {
  const text = firstCapture(lines, pattern)

  return text === null ? null : parseOre(text)
}

/** The values stand on the line below their labels, left-aligned under them. */
function readPaymentRow(
  lines: readonly TextLine[],
  p: LayoutPatterns,
): Cells<PaymentField> | null {
  const labels = Object.entries(p.paymentLabels) as [PaymentField, RegExp][]
  const at = lines.findIndex((l) => labels.every(([, re]) => re.test(l.text)))
  const values = lines[at + 1]
  if (at < 0 || !values) return null

  return cellsOf(values, labelSpans(lines[at]!, labels))
}

function labelSpans(
  line: TextLine,
  labels: readonly [PaymentField, RegExp][],
): ColumnSpan<PaymentField>[] {
  const starts = labels
    .map(([field, re]) => ({ field, x: xAt(line, re.exec(line.text)!.index) }))
    .sort((a, b) => a.x - b.x)

  return starts.map((s, i) => ({
    field: s.field,
    x0: s.x,
    x1: starts[i + 1]?.x ?? Infinity,
  }))
}

function readDate(text: string | null, problems: Problem[]): string | null {
  if (text === null) return null

  const date = dateFromShort(text)
  if (!date) {
    problems.push({
      code: 'pdf-date-invalid',
      message:
        `Datoen «${text}» i fakturahodet er ikke en gyldig dato. ` +
        'Kontroller fakturadato og betalingsfrist.',
    })
  }

  return date
}

function digitsOrNull(text: string | null | undefined): string | null {
  const digits = text?.replace(/\D/g, '') ?? ''

  return digits === '' ? null : digits
}

function headerWarnings(
  header: InvoiceHeader,
  printedPayable: string | undefined,
): Problem[] {
  const kids = new Set([header.customerNumber, header.kid])
  const payable = printedPayable === undefined ? null : parseOre(printedPayable)

  return [
    ...(header.customerNumber === null ? [customerNumberMissing()] : []),
    ...[...kids].filter((k) => k !== null && !isMod10(k)).map(kidInvalid),
    ...(payable !== null && payable !== header.payableOre
      ? [payableDiffers(payable, header.payableOre)]
      : []),
  ]
}

function customerNumberMissing(): Problem {
  return {
    code: 'pdf-customer-number-missing',
    message:
      'Fant ikke kundenummer/KID på første side. Fyll det inn for hånd ' +
      'ved godkjenning.',
  }
}

function kidInvalid(kid: string | null): Problem {
  return {
    code: 'pdf-kid-mod10',
    message:
      `KID ${kid} har feil kontrollsiffer (MOD10). Kontroller KID mot ` +
      'fakturaen før den betales.',
  }
}

function payableDiffers(printedOre: number, summaryOre: number): Problem {
  return {
    code: 'pdf-payable-differs',
    message:
      'Å betale under betalingsinformasjonen er ikke det samme som å ' +
      'betale i summeringen. Kontroller fakturaen.',
    detail: `${printedOre} ≠ ${summaryOre}`,
  }
}

function headerMissing(number: string | null, totals: Totals | null): Problem {
  const missing = [
    number ? null : 'fakturanummer',
    totals ? null : 'summeringen «Påløpt denne fakturaen»',
  ].filter((m) => m !== null)

  return {
    code: 'pdf-header-missing',
    message:
      `Fant ikke ${missing.join(' eller ')} på første side. Last opp ` +
      'samlefakturaen slik den kom fra Telia.',
  }
}
