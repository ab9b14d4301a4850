/** The fields a specification row can hold, one column each. */
export type SheetField =
  | 'phone'
  | 'user'
  | 'section'
  | 'description'
  | 'periodStart'
  | 'periodEnd'
  | 'quantity'
  | 'usage'
  | 'gross'
  | 'discount'
  | 'net'
  | 'vat'
  | 'total'
  | 'invoiceNumber'
  | 'invoiceDate'

/** The per-number totals of a summary sheet (`Oppsummering`). */
export type SummaryField = 'phone' | 'vatBase' | 'vatFree' | 'vat' | 'total'

/** Facts a title row above the header can state (`Kundenummer: …`). */
export type TitleField = 'invoiceNumber' | 'customerNumber' | 'invoiceDate'

/**
 * How the spreadsheet reader recognises a specification's columns. What a
 * profile leaves out is taken from the Telia layout.
 */
export interface SheetLayout {
  /** Header synonyms per field, lower case; merged over the defaults. */
  columns: Partial<Record<SheetField, string[]>>
  /**
   * A mapping a user saved for a sheet the synonyms did not recognise:
   * field → header text as written. It wins over the synonyms.
   */
  mapping?: Partial<Record<SheetField, string>>
  /** Fields without which no line can be read. */
  required?: SheetField[]
  /** Labels of title rows above the header, lower case. */
  titles?: Record<TitleField, string[]>
  /** Words that mark a total row, lower case. */
  totalWords?: string[]
  /** Names of the sheet that holds the lines, lower case; others are tried. */
  sheetNames?: string[]
  /** The sheet of per-number totals, used only as a cross-check. */
  summary?: {
    sheetNames?: string[]
    columns: Record<SummaryField, string[]>
  }
}
