/**
 * Where the PDF reader finds things on a supplier's invoice. Patterns are
 * regular-expression sources (matched case-sensitively with the `u` flag)
 * so a profile can be stored as JSON. They are matched against one
 * reconstructed line at a time, its pieces joined with single spaces.
 */
export interface PdfLayout {
  id: string
  supplier: string
  currency: string
  /** Patterns that must all match somewhere on page 1. */
  signature: string[]
  /** Lines that are page furniture or stamps, never content. */
  ignoreLines: string[]
  header: PdfHeaderLayout
  /** The heading of a subscription block, e.g. `Tjenestespesifikasjon for`. */
  blockHeading: string
  /** Written after the heading when a block goes on from the page before. */
  continuationMarker: string
  /** Between the user and the number; the last one in the heading counts. */
  userNumberSeparator: string
  columns: PdfColumn[]
  /**
   * Sections whose lines carry one date and one amount, e.g. `Rabatter`.
   * Any other line without the description column's neighbours is a
   * section heading, kept by its own name (one-off charges).
   */
  singleAmountSections: string[]
  blockEnd: PdfBlockEnd
  /** Descriptions starting with this are content free of VAT. */
  contentMarker: string
}

export interface PdfHeaderLayout {
  /** Each has one capture group for the value on the same line. */
  invoiceNumber: string
  customerNumber: string
  issueDate: string
  supplierOrgNo: string
  /** A row of labels whose values stand on the next line. */
  paymentLabels: PdfPaymentLabels
  /** Where the invoice's own totals start. */
  summaryHeading: string
  /** Each has one capture group for the amount on the same line. */
  summary: PdfTotals
  /** Searched on the summary pages before the first block. */
  vatRounding: string
}

export interface PdfPaymentLabels {
  dueDate: string
  account: string
  kid: string
  payable: string
}

export interface PdfTotals {
  vatBase: string
  vatFree: string
  vat: string
  payable: string
}

/** Labels of the four lines that end a block. */
export interface PdfBlockEnd {
  vatBase: string
  vatFree: string
  vat: string
  total: string
}

export type PdfColumnField =
  | 'description'
  | 'period'
  | 'quantity'
  | 'usage'
  | 'gross'
  | 'discountPercent'
  | 'discount'
  | 'net'

/** A column and its header as printed, its rows joined by one space. */
export interface PdfColumn {
  field: PdfColumnField
  label: string
}
