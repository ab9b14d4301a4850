import type { PdfLayout } from './layout.js'

type Compiled<T> = { [K in keyof T]: RegExp }

/** A layout's patterns, compiled once per layout object. */
export interface LayoutPatterns {
  signature: RegExp[]
  ignore: RegExp[]
  invoiceNumber: RegExp
  customerNumber: RegExp
  issueDate: RegExp
  supplierOrgNo: RegExp
  paymentLabels: Compiled<PdfLayout['header']['paymentLabels']>
  summaryHeading: RegExp
  summary: Compiled<PdfLayout['header']['summary']>
  vatRounding: RegExp
  blockEnd: Compiled<PdfLayout['blockEnd']>
}

const compiled = new WeakMap<PdfLayout, LayoutPatterns>()

export function patternsOf(layout: PdfLayout): LayoutPatterns {
  let patterns = compiled.get(layout)
  if (!patterns) {
    patterns = compile(layout)
    compiled.set(layout, patterns)
  }

  return patterns
}

function compile(layout: PdfLayout): LayoutPatterns {
  const h = layout.header

  return {
    signature: layout.signature.map(re),
    ignore: layout.ignoreLines.map(re),
    invoiceNumber: re(h.invoiceNumber),
    customerNumber: re(h.customerNumber),
    issueDate: re(h.issueDate),
    supplierOrgNo: re(h.supplierOrgNo),
    paymentLabels: compileAll(h.paymentLabels),
    summaryHeading: re(h.summaryHeading),
    summary: compileAll(h.summary),
    vatRounding: re(h.vatRounding),
    blockEnd: compileAll(layout.blockEnd),
  }
}

function compileAll<T extends object>(sources: T): Compiled<T> {
  const entries = Object.entries(sources).map(([k, v]) => [k, re(String(v))])

  return Object.fromEntries(entries) as Compiled<T>
}

function re(source: string): RegExp {
  return new RegExp(source, 'u')
}

/** The first capture of the first line the pattern matches. */
export function firstCapture(
  lines: readonly { text: string }[],
  pattern: RegExp,
): string | null {
  for (const line of lines) {
    const match = pattern.exec(line.text)
    if (match) return match[1] ?? match[0]
  }

  return null
}
