import type { InvoiceFormat } from '../domain/invoice.js'
import { ehfReader } from './ehf/index.js'
import { pdfReader } from './pdf/index.js'
import type { InvoiceReader } from './reader.js'
import { xlsReader, xlsxReader } from './spreadsheet/index.js'

/** The reader for each format, as the sandboxed worker looks them up. */
export const readers: Record<InvoiceFormat, InvoiceReader> = {
  pdf: pdfReader,
  xlsx: xlsxReader,
  xls: xlsReader,
  ehf: ehfReader,
}
