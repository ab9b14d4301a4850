import type { EhfLayout } from './ehf/layout.js'
import type { PdfLayout } from './pdf/layout.js'
import type { SheetLayout } from './spreadsheet/layout.js'

/**
 * How one supplier lays out its invoices. A changed layout is a new or
 * edited profile, not a code change. Profiles a user makes (a column
 * mapping for a spreadsheet the readers did not recognise) are stored in
 * the database and used the next time.
 */
export interface LayoutProfile {
  id: string
  name: string
  supplier: string
  pdf?: PdfLayout
  sheet?: SheetLayout
  ehf?: EhfLayout
}
